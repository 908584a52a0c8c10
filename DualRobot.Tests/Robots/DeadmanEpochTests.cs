using DualRobot.Api.Control;
using DualRobot.Api.Robots;
using DualRobot.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace DualRobot.Tests.Robots;

/// <summary>
/// The deadman's timer firing while a heartbeat (or a new drive) renews the lease is not a stop: a motion that was
/// waiting in the gate at that instant must be applied, not refused as "superseded by a stop".
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class DeadmanEpochTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly HoldingBackend _backend = new();
    private readonly Robot _robot;

    public DeadmanEpochTests() => _robot = _backend.CreateLinus(_time);

    [Fact]
    public async Task LeaseTimerFiringWhileARenewalHoldsTheGate_DoesNotSupersedeTheMotionWaitingBehindIt()
    {
        await _robot.StartAsync();
        Assert.True((await _robot.DriveAsync(Direction.Forward, null, TimeSpan.FromMilliseconds(500))).IsAccepted);
        _time.Advance(TimeSpan.FromMilliseconds(400));

        // A renewing drive holds the gate (its pin write is in progress) when the lease timer fires...
        _backend.HoldWrites();
        var renewing = Task.Run(() => _robot.DriveAsync(Direction.Forward, null, TimeSpan.FromMilliseconds(500)));
        Assert.True(_backend.WriteStarted.Wait(Generous), "the renewing drive reached its pin write");
        var waiting = _robot.DriveAsync(Direction.Left, null, TimeSpan.FromMilliseconds(500));
        _time.Advance(TimeSpan.FromMilliseconds(100));
        _backend.ReleaseWrites();

        // ...the renewal lands first, so the lease has not run out and nothing stops: the waiting motion applies.
        Assert.True((await renewing.WaitAsync(Generous)).IsAccepted);
        var result = await waiting.WaitAsync(Generous);
        Assert.Equal(CommandStatus.Accepted, result.Status);
        Assert.Equal(Direction.Left, _robot.GetState().Motion);
        Assert.Equal([0, 1, 1, 0], RobotSettings.LinusDirectionPins.Select(pin => (int)_backend.Inner.GetLevel(pin)));
    }

    [Fact]
    public async Task LeaseTimerFiringAfterTheLeaseRanOut_StillSupersedesTheMotionWaitingBehindIt()
    {
        await _robot.StartAsync();
        Assert.True((await _robot.DriveAsync(Direction.Forward, null, TimeSpan.FromMilliseconds(500))).IsAccepted);

        // A servo command holds the gate when the lease runs out: the deadman's stop goes ahead of the waiting drive.
        _backend.HoldWrites();
        var holding = Task.Run(() => _robot.SetServoAsync(0, 45));
        Assert.True(_backend.WriteStarted.Wait(Generous), "the holding command reached its pin write");
        var waiting = _robot.DriveAsync(Direction.Left, null, TimeSpan.FromMilliseconds(500));
        _time.Advance(TimeSpan.FromMilliseconds(501));
        _backend.ReleaseWrites();

        Assert.True((await holding.WaitAsync(Generous)).IsAccepted);
        var result = await waiting.WaitAsync(Generous);
        Assert.Equal(CommandStatus.Superseded, result.Status);
        await Eventually.True(() => _robot.GetState().Motion == Direction.Stop, "the deadman stopped Linus");
        Assert.All(RobotSettings.LinusDirectionPins, pin => Assert.Equal(0, (int)_backend.Inner.GetLevel(pin)));
    }

    public void Dispose()
    {
        _backend.ReleaseWrites();
        _robot.Dispose();
    }
}
