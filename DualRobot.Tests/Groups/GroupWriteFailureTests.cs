using System.Device.Gpio;
using System.Device.Pwm;
using DualRobot.Api.Control;
using DualRobot.Api.Gpio;
using DualRobot.Api.Gpio.Simulated;
using DualRobot.Api.Groups;
using DualRobot.Api.Robots;
using DualRobot.Api.Robots.Motion;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DualRobot.Tests.Groups;

/// <summary>
/// A member's pin write that fails after another member's pins were written (both admitted): the written member is
/// stopped at once, and the group's answer names the failed member.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class GroupWriteFailureTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 8, 2, 0, 0, TimeSpan.Zero));
    private readonly FailingBackend _first = new();
    private readonly FailingBackend _second = new();
    private Robot _linus = null!;
    private Robot _torvalds = null!;
    private RobotGroup _group = null!;

    public async Task InitializeAsync()
    {
        _linus = Create("Linus", _first);
        _torvalds = Create("Torvalds", _second);
        await _linus.StartAsync();
        await _torvalds.StartAsync();
        _group = new RobotGroup("pair", [_linus, _torvalds], 0.5, _time, TimeSpan.FromMilliseconds(100), null, NullLogger.Instance);
    }

    [Fact]
    public async Task SecondMembersWriteFails_TheFirstMemberIsStoppedAgain_AndTheAnswerNamesTheSecond()
    {
        _second.FailMotion = true;
        var sides = SideValues.Mix(1, 0);
        var lease = TimeSpan.FromSeconds(1);

        var outcome = await _group.MoveAsync(new GroupMove(RobotActions.GroupVelocity, GroupMode.Together, lease, 0.5, sides,
            member => GroupModes.Velocity(GroupMode.Together, member, sides, (1, 0), lease), new Dictionary<string, string>(), "alice", null, null));

        Assert.True(("Torvalds", CommandStatus.Unavailable) == (outcome.Member, outcome.Refusal?.Status), outcome.Refusal?.Detail);
        Assert.Equal(Direction.Stop, _linus.GetState().Motion);
        Assert.All(new[] { 13, 17 }, pin => Assert.Equal(PinValue.Low, _first.Inner.GetLevel(pin)));
        Assert.True(_first.MotionWrites >= 1, "Linus's motion was written before Torvalds's failed");
        Assert.Null(_group.GetState().Mode);
    }

    private Robot Create(string name, FailingBackend backend) => Robots.HoldingBackend.CreateRobot(
        name,
        new RobotOptions
        {
            LeftMotor = new MotorPinOptions { Forward = 13, Backward = 21 },
            RightMotor = new MotorPinOptions { Forward = 17, Backward = 27 },
            Eye = 16,
        },
        backend,
        _time);

    public Task DisposeAsync()
    {
        _group.Dispose();
        _linus.Dispose();
        _torvalds.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The simulated pins, whose motion writes (not stops) fail on demand as a lost link's would.</summary>
    private sealed class FailingBackend() : GpioBackend(initiallyConnected: true)
    {
        public SimulatedGpioBackend Inner { get; } = new();

        public bool FailMotion { get; set; }

        public int MotionWrites { get; private set; }

        public override string Kind => Inner.Kind;

        public override GpioController Controller => Inner.Controller;

        public override PwmChannel CreatePwmChannel(int pin, int frequency, double dutyCycle) => Inner.CreatePwmChannel(pin, frequency, dutyCycle);

        public override bool WriteMotion(ReadOnlySpan<PinValuePair> pinValues, ReadOnlySpan<PwmDuty> duties, TimeSpan lease)
        {
            if (lease > TimeSpan.Zero)
            {
                if (FailMotion)
                {
                    throw new GpioBackendUnavailableException("the link is gone");
                }

                MotionWrites++;
            }

            Inner.Write(pinValues, duties);
            return false;
        }

        public override void Write(ReadOnlySpan<PinValuePair> pinValues, ReadOnlySpan<PwmDuty> duties) => Inner.Write(pinValues, duties);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
