using DualRobot.Api.Control;
using DualRobot.Api.Diagnostics;
using DualRobot.Api.Gpio;
using DualRobot.Api.Robots;
using DualRobot.TestSupport.PigpioEmulator;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using static DualRobot.Tests.Gpio.Pigpio.PigpioTestSupport;

namespace DualRobot.Tests.Robots;

/// <summary>
/// The moment a robot's backend comes back: it reports itself connected just before the robot hears of it and writes
/// the safe state. A command that lands in that moment must be refused, not applied and then silently undone.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class ReconnectTests : IDisposable
{
    private static readonly int[] DirectionPins = RobotSettings.LinusDirectionPins;

    private readonly PigpioEmulator _daemon = new();

    [Fact]
    public async Task DriveInTheMomentOfReconnect_IsRefused_ThenTheRobotIsInItsSafeStateAndDrivesAgain()
    {
        var backend = CreateBackend(_daemon.Port, FastOptions()); // the robot owns it and disposes it
        using var robot = new Robot(
            "Linus",
            new RobotOptions
            {
                Backend = GpioBackendKinds.Pigpio,
                LeftMotor = new MotorPinOptions { Forward = 13, Backward = 21 },
                RightMotor = new MotorPinOptions { Forward = 17, Backward = 27 },
                Eye = 16,
            },
            backend,
            new ControlOptions { MaxCommandsPerSecond = 0 },
            new EmergencyStopLatch(TimeProvider.System),
            new RobotEventHub(),
            new RobotMetrics(Metrics.WithCustomRegistry(Metrics.NewCustomRegistry())),
            TimeProvider.System,
            NullLogger.Instance);

        // Subscribed before the robot, so this handler runs in the moment: the backend already says connected and
        // the robot has not yet restored its safe state.
        CommandResult? inTheMoment = null;
        var reconnected = 0;
        backend.ConnectionChanged += (_, connected) =>
        {
            if (connected && Interlocked.Increment(ref reconnected) == 2)
            {
                inTheMoment = robot.DriveAsync(Direction.Forward, speed: null, TimeSpan.FromSeconds(5)).GetAwaiter().GetResult();
            }
        };
        var connected = WaitForConnection(backend, true);
        await robot.StartAsync();
        await connected;
        Assert.True((await robot.DriveAsync(Direction.Backward, null, TimeSpan.FromSeconds(5))).IsAccepted);

        var lost = WaitForConnection(backend, false);
        _daemon.Stop();
        await lost.WaitAsync(Generous);
        var found = WaitForConnection(backend, true);
        _daemon.Restart(resetPins: false);
        await found.WaitAsync(Generous);

        await Eventually.True(() => inTheMoment is not null, "the command sent in the moment of reconnecting came back");
        Assert.Equal(CommandStatus.Unavailable, inTheMoment!.Value.Status);
        await Eventually.True(() => robot.GetState().Motion == Direction.Stop, "the reconnected robot is stopped");
        Assert.All(DirectionPins, pin => Assert.Equal(0, _daemon.GetLevel(pin)));

        Assert.True((await robot.DriveAsync(Direction.Forward, null, TimeSpan.FromSeconds(5))).IsAccepted);
        Assert.Equal([1, 0, 1, 0], DirectionPins.Select(_daemon.GetLevel));
        await robot.StopAsync();
    }

    public void Dispose() => _daemon.Dispose();
}
