using DualRobot.Api.Control;
using DualRobot.Api.Gpio;
using DualRobot.Api.Robots.Devices;

namespace DualRobot.Api.Robots.Commands;

/// <summary>The parts of one robot that its commands read and change.</summary>
internal sealed class RobotContext(
    string name,
    RobotOptions options,
    GpioBackend backend,
    RobotStateStore state,
    DeadmanLease lease,
    EyeBlinker blinker,
    RobotInstrumentation instrumentation)
{
    // Set when the backend is lost, cleared once the safe state has been written again. The backend reports itself
    // connected a moment before the robot hears of it; a command that slipped into the gate in that moment would
    // move the robot and be answered 200, only for the reconnect's safe state to stop it right after.
    private volatile bool _safeStateOwed;

    public string Name { get; } = name;

    public RobotOptions Options { get; } = options;

    public GpioBackend Backend { get; } = backend;

    public RobotStateStore State { get; } = state;

    public DeadmanLease Lease { get; } = lease;

    public EyeBlinker Blinker { get; } = blinker;

    public RobotInstrumentation Instrumentation { get; } = instrumentation;

    /// <summary>The safety envelope every motion is shaped by; null where none is kept (some tests).</summary>
    public Safety.SafetyEnvelope? Envelope { get; init; }

    public CommandGate Gate { get; } = new();

    public StopEpoch StopEpoch { get; } = new();

    /// <summary>Null until the backend was first reached and the pins opened (by the reconnect command, in the gate).</summary>
    public RobotDevices? Devices { get; set; }

    public bool SafeStateOwed
    {
        get => _safeStateOwed;
        set => _safeStateOwed = value;
    }

    /// <summary>
    /// Connected and initialised; unless <paramref name="forStop"/>, also with the safe state restored since the last
    /// loss (a stop or the safe state itself need only the pins).
    /// </summary>
    public bool IsReady(bool forStop, out string why)
    {
        if (!Backend.IsConnected)
        {
            why = $"The {Backend.Kind} backend of robot '{Name}' is not connected.";
            return false;
        }

        if (Devices is null)
        {
            why = $"Robot '{Name}' has not been initialised on its backend yet.";
            return false;
        }

        if (!forStop && _safeStateOwed)
        {
            why = $"Robot '{Name}' is back on its {Backend.Kind} backend and is being put in its safe state; send the command again.";
            return false;
        }

        why = string.Empty;
        return true;
    }
}
