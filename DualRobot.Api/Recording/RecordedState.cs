using DualRobot.Api.Robots;
using DualRobot.Api.Robots.Motion;

namespace DualRobot.Api.Recording;

/// <summary>
/// A published robot state as the recorder keeps it: what moved it and what it showed, without what the configuration
/// already says (pins, ranges, arena).
/// </summary>
/// <param name="Left">The applied left side value, −1..1.</param>
/// <param name="Right">The applied right side value, −1..1.</param>
/// <param name="Speed">The drive's speed; null on robots without speed control.</param>
/// <param name="Servos">Each servo's last commanded angle, by index (null until commanded).</param>
public sealed record RecordedState(
    string Robot,
    long Version,
    Pose Pose,
    double Left,
    double Right,
    Direction Motion,
    double? Speed,
    EyeState Eye,
    IReadOnlyList<double?> Servos,
    string? Driver,
    bool EmergencyStopLatched,
    bool Connected)
{
    public static RecordedState From(RobotState state)
    {
        var servos = new double?[state.Servos.Count];
        for (var i = 0; i < servos.Length; i++)
        {
            servos[i] = state.Servos[i].Angle;
        }

        return new RecordedState(state.Name, state.Version, state.Pose, state.Left, state.Right, state.Motion, state.Speed,
            state.Eye, servos, state.Driver, state.EmergencyStopLatched, state.Connected);
    }
}
