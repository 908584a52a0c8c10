namespace DualRobot.Tests.Support;

/// <summary>
/// Waits for a condition that becomes true asynchronously (a deadman stop, a scrape). The limit only stops a broken
/// test from hanging; it is generous on purpose and never what a test asserts.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(30);

    public static async Task True(Func<bool> condition, string because, TimeSpan? limit = null)
    {
        await True(() => Task.FromResult(condition()), because, limit);
    }

    public static async Task True(Func<Task<bool>> condition, string because, TimeSpan? limit = null)
    {
        using var cts = new CancellationTokenSource(limit ?? DefaultLimit);
        while (!await condition())
        {
            try
            {
                await Task.Delay(20, cts.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Still not true after {(limit ?? DefaultLimit).TotalSeconds:0} s: {because}");
            }
        }
    }
}
