using DualRobot.Api.Robots;
using DualRobot.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace DualRobot.Tests.Robots;

[Trait(Tier.Name, Tier.Unit)]
public sealed class DeadmanLeaseTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly DeadmanLease _lease;
    private int _fired;

    public DeadmanLeaseTests() => _lease = new DeadmanLease(_time, () =>
    {
        _fired++;
        return Task.CompletedTask;
    });

    [Fact]
    public void Hold_FiresOnceWhenTheLeaseRunsOut_AndThenHasLapsed()
    {
        _lease.Hold(TimeSpan.FromMilliseconds(500));

        _time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Equal(0, _fired);
        Assert.Equal(1, _lease.RemainingMs);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(1, _fired);
        Assert.True(_lease.HasLapsed());
        Assert.Equal(0, _lease.RemainingMs);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, _fired);
    }

    [Fact]
    public void Renew_PushesTheDeadline()
    {
        _lease.Hold(TimeSpan.FromMilliseconds(500));
        _time.Advance(TimeSpan.FromMilliseconds(400));

        _lease.Renew(TimeSpan.FromMilliseconds(500));
        _time.Advance(TimeSpan.FromMilliseconds(400));

        Assert.Equal(0, _fired);
        Assert.Equal(100, _lease.RemainingMs);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, _fired);
    }

    [Fact]
    public void Renew_WithoutAHeldLease_HoldsNothing()
    {
        _lease.Renew(TimeSpan.FromMilliseconds(500));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(_lease.IsHeld);
        Assert.Equal(0, _fired);
        Assert.False(_lease.HasLapsed());
    }

    [Fact]
    public void HasLapsed_AfterARenewalThatWonTheRace_IsFalseAndWaitsForTheRest()
    {
        // The timer fired, but before its stop could decide anything a renewal moved the deadline.
        _lease.Hold(TimeSpan.FromMilliseconds(500));
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(1, _fired);
        _lease.Renew(TimeSpan.FromMilliseconds(300));

        Assert.False(_lease.HasLapsed());
        Assert.True(_lease.IsHeld);
        _time.Advance(TimeSpan.FromMilliseconds(299));
        Assert.Equal(1, _fired);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, _fired);
        Assert.True(_lease.HasLapsed());
    }

    [Fact]
    public void Release_StopsTheTimerAndTheLease()
    {
        _lease.Hold(TimeSpan.FromMilliseconds(500));

        _lease.Release();
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(0, _fired);
        Assert.False(_lease.IsHeld);
        Assert.False(_lease.HasLapsed());
        Assert.Equal(0, _lease.RemainingMs);
    }

    [Fact]
    public void Disarm_StopsTheTimerButKeepsTheDeadline()
    {
        _lease.Hold(TimeSpan.FromMilliseconds(500));

        _lease.Disarm();
        _time.Advance(TimeSpan.FromMilliseconds(200));

        Assert.Equal(300, _lease.RemainingMs);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, _fired);
    }

    public void Dispose() => _lease.Dispose();
}
