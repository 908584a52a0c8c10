using DualRobot.Api.Recording;
using DualRobot.Api.Robots;
using static DualRobot.Tests.Recording.RecordingSamples;

namespace DualRobot.Tests.Recording;

[Trait(Tier.Name, Tier.Unit)]
public sealed class SessionTrackerTests
{
    private static readonly TimeSpan Gap = TimeSpan.FromSeconds(30);
    private readonly SessionTracker _tracker = new(Gap);

    [Fact]
    public void Motion_OpensASession_AndAStopEndsItsMotion()
    {
        var opened = _tracker.Observe(Noon, RecordedState.From(State("Linus", Direction.Forward)));
        var stopped = _tracker.Observe(Noon.AddSeconds(2), RecordedState.From(State("Linus", Direction.Stop)));

        Assert.Same(opened, stopped);
        Assert.Equal(("Linus", "alice", Noon, Noon.AddSeconds(2), 1), (stopped!.Robot, stopped.Driver, stopped.Start, stopped.End, stopped.Stops));
        Assert.Null(_tracker.Observe(Noon.AddSeconds(3), RecordedState.From(State("Linus", Direction.Stop))));
    }

    [Fact]
    public void StandingStill_NoLongerThanTheGap_KeepsTheSession_LongerStartsANewOne()
    {
        var first = _tracker.Observe(Noon, RecordedState.From(State("Linus", Direction.Forward)));
        _tracker.Observe(Noon.AddSeconds(1), RecordedState.From(State("Linus", Direction.Stop)));

        Assert.Same(first, _tracker.Observe(Noon.AddSeconds(1) + Gap, RecordedState.From(State("Linus", Direction.Left))));
        _tracker.Observe(Noon.AddSeconds(2) + Gap, RecordedState.From(State("Linus", Direction.Stop)));
        var next = _tracker.Observe(Noon.AddSeconds(2) + Gap + Gap + TimeSpan.FromMilliseconds(1), RecordedState.From(State("Linus", Direction.Forward)));

        Assert.NotSame(first, next);
        Assert.Equal(2, first!.Stops);
    }

    [Fact]
    public void AnotherDriver_StartsANewSession_AndRobotsHaveTheirOwn()
    {
        var alice = _tracker.Observe(Noon, RecordedState.From(State("Linus", Direction.Forward, "alice")));
        var torvalds = _tracker.Observe(Noon, RecordedState.From(State("Torvalds", Direction.Forward, "alice")));
        var bob = _tracker.Observe(Noon.AddSeconds(1), RecordedState.From(State("Linus", Direction.Forward, "bob")));
        var stillAlice = _tracker.Observe(Noon.AddSeconds(1), RecordedState.From(State("Linus", Direction.Forward, "ALICE")));

        Assert.NotSame(alice, torvalds);
        Assert.NotSame(alice, bob);
        Assert.NotSame(bob, stillAlice);
        Assert.Equal("bob", bob!.Driver);
    }

    [Fact]
    public void Events_AreCountedInTheSessionOfTheirRobot_AsCommandsOrRefusals()
    {
        var session = _tracker.Observe(Noon, RecordedState.From(State("Linus", Direction.Forward)))!;

        _tracker.Observe(Noon, Record(Noon, "Linus", RobotActions.Drive));
        _tracker.Observe(Noon.AddSeconds(1), Record(Noon.AddSeconds(1), "Linus", RobotActions.Drive, "in_use", "bob"));
        _tracker.Observe(Noon.AddSeconds(1), Record(Noon.AddSeconds(1), "Linus", RobotActions.Heartbeat, "rate_limited"));
        Assert.Null(_tracker.Observe(Noon.AddSeconds(1), Record(Noon.AddSeconds(1), "Torvalds", RobotActions.Drive)));
        Assert.Null(_tracker.Observe(Noon.AddSeconds(1), Record(Noon.AddSeconds(1), null, "estop")));
        Assert.Null(_tracker.Observe(Noon.AddSeconds(1), Record(Noon.AddSeconds(1), "Linus", "sign-in")));

        Assert.Equal((1, 2), (session.Commands, session.Refusals));
        Assert.Equal(Noon.AddSeconds(1), session.End);
    }

    [Fact]
    public void Restore_GoesBackToTheCheckpoint_SoARetriedBatchCountsOnce()
    {
        var session = _tracker.Observe(Noon, RecordedState.From(State("Linus", Direction.Forward)))!;
        var checkpoint = _tracker.Checkpoint();

        _tracker.Observe(Noon, Record(Noon, "Linus", RobotActions.Drive));
        _tracker.Restore(checkpoint);
        var again = _tracker.Observe(Noon, Record(Noon, "Linus", RobotActions.Drive))!;

        Assert.Equal(1, again.Commands);
        Assert.Equal(session.Start, again.Start);
    }
}
