using DualRobot.Frontend.RobotApi;

namespace DualRobot.Frontend.Pages;

/// <summary>What one robot's card needs: its state, its place on the page (for ids and keys) and who is looking.</summary>
/// <param name="Known">Whether the state is current (the api answered): a last known one shows no motion.</param>
public sealed record RobotCardModel(RobotState Robot, int Index, bool IsOperator, string? KeyHint, bool Known = true)
{
    public string Id => $"robot-{Index}";

    /// <summary>Slider position in percent: the robot's speed, or full speed when it is at 0 or unknown.</summary>
    public int SpeedPercent => Robot.Speed is > 0 and var speed ? (int)Math.Round(speed * 100) : 100;

    public static string SpeedText(RobotState robot) =>
        robot.Speed is { } speed ? $"{Math.Round(speed * 100)} %" : "full (no PWM)";

    /// <summary>Where the robot's deadman runs: on the robot itself (its watchdog is armed) or only in the api.</summary>
    public static string DeadmanText(RobotState robot) =>
        !robot.Connected ? "deadman unknown" : robot.WatchdogArmed ? "on-robot deadman" : "api deadman only";

    /// <summary>As the page's script writes it (card-text.js): velocity with its sides, "at the wall" when pressed against one.</summary>
    public string MotionText
    {
        get
        {
            if (!Known)
            {
                return "unknown";
            }

            var motion = Robot.Motion == Direction.Velocity
                ? $"velocity {Math.Round(Robot.Left * 100)} % / {Math.Round(Robot.Right * 100)} %"
                : WireNames.Of(Robot.Motion);
            return Robot.AtWall ? $"{motion} · at the wall" : motion;
        }
    }

    public static string AngleText(double? angle) => angle is { } value ? $"{value:0.#}°" : "not set";
}
