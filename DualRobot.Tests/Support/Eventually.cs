namespace DualRobot.Tests.Support;

/// <summary>
/// Waits for a condition that becomes true asynchronously (a deadman stop, a scrape). The limit only stops a broken
/// test from hanging; it is generous on purpose and never what a test asserts.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(30);

    /// <summary>Pause between tries when each try queries another server (Prometheus, an OTLP receiver).</summary>
    public static readonly TimeSpan ServerInterval = TimeSpan.FromMilliseconds(250);

    public static async Task True(Func<bool> condition, string because, TimeSpan? limit = null)
    {
        await True(() => Task.FromResult(condition()), because, limit);
    }

    public static Task True(Func<Task<bool>> condition, string because, TimeSpan? limit = null) =>
        True(condition, () => because, limit);

    /// <param name="because">Evaluated only on failure, so it can report the last state the condition saw.</param>
    /// <param name="interval">Pause between tries; longer for conditions that query another server.</param>
    public static async Task True(Func<Task<bool>> condition, Func<string> because, TimeSpan? limit = null, TimeSpan? interval = null)
    {
        using var cts = new CancellationTokenSource(limit ?? DefaultLimit);
        while (!await condition())
        {
            try
            {
                await Task.Delay(interval ?? TimeSpan.FromMilliseconds(20), cts.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Still not true after {(limit ?? DefaultLimit).TotalSeconds:0} s: {because()}");
            }
        }
    }
}
