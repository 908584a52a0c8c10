using DualRobot.Api.Control;
using Microsoft.Extensions.Time.Testing;

namespace DualRobot.Tests.Control;

[Trait(Tier.Name, Tier.Unit)]
public sealed class CommandRateLimiterTests
{
    [Fact]
    public void Burst_UpToTheLimit_IsAllowed_ThenRefused_UntilTimePasses()
    {
        var time = new FakeTimeProvider();
        var limiter = new CommandRateLimiter(5, time);

        Assert.All(Enumerable.Range(0, 5), _ => Assert.True(limiter.TryAcquire()));
        Assert.False(limiter.TryAcquire());

        time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.True(limiter.TryAcquire());
        Assert.False(limiter.TryAcquire());
    }

    [Fact]
    public void Zero_TurnsTheLimitOff()
    {
        var limiter = new CommandRateLimiter(0, new FakeTimeProvider());

        Assert.All(Enumerable.Range(0, 10_000), _ => Assert.True(limiter.TryAcquire()));
    }
}
