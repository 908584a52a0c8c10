using System.Device.Gpio;
using System.Device.Pwm;
using DualRobot.Api.Control;
using DualRobot.Api.Diagnostics;
using DualRobot.Api.Gpio;
using DualRobot.Api.Gpio.Simulated;
using DualRobot.Api.Robots;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;

namespace DualRobot.Tests.Robots;

/// <summary>The simulated pins, with batched writes that can be held mid-way to keep a command inside the gate.</summary>
internal sealed class HoldingBackend : GpioBackend
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

    /// <summary>Linus's motor and eye pins (no enable pins) and a servo on 12, over these pins, on <paramref name="time"/>; the robot owns the backend.</summary>
    public Robot CreateLinus(TimeProvider time) => CreateRobot(
        "Linus",
        new RobotOptions
        {
            LeftMotor = new MotorPinOptions { Forward = 13, Backward = 21 },
            RightMotor = new MotorPinOptions { Forward = 17, Backward = 27 },
            Eye = 16,
            Servos = [new ServoOptions { Pin = 12 }],
        },
        this,
        time);

    /// <summary>A robot over <paramref name="backend"/> with nothing around it (no claims, audit or envelope), unlimited in rate, on <paramref name="time"/>.</summary>
    public static Robot CreateRobot(string name, RobotOptions options, GpioBackend backend, TimeProvider time) => new(
        name,
        options,
        backend,
        new ControlOptions { MaxCommandsPerSecond = 0 },
        new EmergencyStopLatch(time),
        new RobotEventHub(),
        new RobotMetrics(Metrics.WithCustomRegistry(Metrics.NewCustomRegistry())),
        time,
        NullLogger.Instance);

    public void HoldWrites()
    {
        WriteStarted.Reset();
        _release.Reset();
    }

    public void ReleaseWrites() => _release.Set();

    public override void Write(ReadOnlySpan<PinValuePair> pinValues, ReadOnlySpan<PwmDuty> duties)
    {
        Hold();
        Inner.Write(pinValues, duties);
    }

    internal void Hold()
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
