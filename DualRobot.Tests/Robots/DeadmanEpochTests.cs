using System.Device.Gpio;
using System.Device.Pwm;
using DualRobot.Api.Control;
using DualRobot.Api.Diagnostics;
using DualRobot.Api.Gpio;
using DualRobot.Api.Gpio.Simulated;
using DualRobot.Api.Robots;
using DualRobot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Prometheus;

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

    public DeadmanEpochTests()
    {
        _robot = new Robot(
            "Linus",
            new RobotOptions
            {
                LeftMotor = new MotorPinOptions { Forward = 13, Backward = 21 },
                RightMotor = new MotorPinOptions { Forward = 17, Backward = 27 },
                Eye = 16,
                Servos = [new ServoOptions { Pin = 12 }],
            },
            _backend,
            new ControlOptions { MaxCommandsPerSecond = 0 },
            new EmergencyStopLatch(_time),
            new RobotEventHub(),
            new RobotMetrics(Metrics.WithCustomRegistry(Metrics.NewCustomRegistry())),
            _time,
            NullLogger.Instance);
    }

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
        Assert.Equal([0, 1, 1, 0], new[] { 13, 21, 17, 27 }.Select(pin => (int)_backend.Inner.GetLevel(pin)));
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
        Assert.All(new[] { 13, 21, 17, 27 }, pin => Assert.Equal(0, (int)_backend.Inner.GetLevel(pin)));
    }

    public void Dispose()
    {
        _backend.ReleaseWrites();
        _robot.Dispose();
    }

    /// <summary>The simulated pins, with batched writes that can be held mid-way to keep a command inside the gate.</summary>
    private sealed class HoldingBackend : GpioBackend
    {
        private readonly ManualResetEventSlim _release = new(true);

        public HoldingBackend()
            : base(initiallyConnected: true)
        {
        }

        public SimulatedGpioBackend Inner { get; } = new();

        public ManualResetEventSlim WriteStarted { get; } = new();

        public override string Kind => Inner.Kind;

        public override GpioController Controller => Inner.Controller;

        public override PwmChannel CreatePwmChannel(int pin, int frequency, double dutyCycle) =>
            new HoldingPwmChannel(Inner.CreatePwmChannel(pin, frequency, dutyCycle), this);

        public void HoldWrites()
        {
            WriteStarted.Reset();
            _release.Reset();
        }

        public void ReleaseWrites() => _release.Set();

        public override void Write(ReadOnlySpan<PinValuePair> pinValues)
        {
            Hold();
            Inner.Write(pinValues);
        }

        private void Hold()
        {
            WriteStarted.Set();
            _release.Wait();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private sealed class HoldingPwmChannel(PwmChannel inner, HoldingBackend backend) : PwmChannel
        {
            public override int Frequency { get => inner.Frequency; set => inner.Frequency = value; }

            public override double DutyCycle
            {
                get => inner.DutyCycle;
                set
                {
                    backend.Hold();
                    inner.DutyCycle = value;
                }
            }

            public override void Start() => inner.Start();

            public override void Stop() => inner.Stop();

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    inner.Dispose();
                }

                base.Dispose(disposing);
            }
        }
    }
}
