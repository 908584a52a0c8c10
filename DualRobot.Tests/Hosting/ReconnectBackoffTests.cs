using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace DualRobot.Tests.Hosting;

[Trait(Tier.Name, Tier.Unit)]
public sealed class ReconnectBackoffTests
{
    private static readonly TimeSpan Min = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Wait_EndsOnlyWhenTheDelayHasPassedOnTheTimeProvider_ThenDoubles()
    {
        var time = new FakeTimeProvider();
        var backoff = new ReconnectBackoff(Min, Max, time);

        var wait = backoff.WaitAsync(CancellationToken.None);
        time.Advance(Min - TimeSpan.FromTicks(1));
        Assert.False(wait.IsCompleted);
        time.Advance(TimeSpan.FromTicks(1));

        Assert.True(await wait);
        Assert.Equal(2 * Min, backoff.Delay);
    }

    [Fact]
    public async Task Delay_DoublesUpToMax_AndResetGoesBackToMin()
    {
        var time = new FakeTimeProvider();
        var backoff = new ReconnectBackoff(Min, Max, time);
        var delays = new List<TimeSpan>();

        for (var i = 0; i < 5; i++)
        {
            delays.Add(backoff.Delay);
            var wait = backoff.WaitAsync(CancellationToken.None);
            time.Advance(backoff.Delay);
            await wait;
        }

        Assert.Equal([1, 2, 4, 5, 5], delays.Select(d => d.TotalSeconds));
        backoff.Reset();
        Assert.Equal(Min, backoff.Delay);
    }

    [Fact]
    public async Task Wait_Cancelled_ReturnsFalse_AndKeepsTheDelay()
    {
        var backoff = new ReconnectBackoff(Min, Max, new FakeTimeProvider());
        using var cancel = new CancellationTokenSource();

        var wait = backoff.WaitAsync(cancel.Token);
        await cancel.CancelAsync();

        Assert.False(await wait);
        Assert.Equal(Min, backoff.Delay);
    }
}
