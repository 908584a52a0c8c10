namespace DualRobot.Api.Robots;

/// <summary>
/// The <c>Robots</c> configuration section: robot name → robot. Keyed by name so an environment variable such as
/// <c>Robots__Linus__Host</c> can point one robot at its Pi without repeating the rest.
/// </summary>
public sealed class RobotFleetOptions : Dictionary<string, RobotOptions>
{
    public const string SectionName = "Robots";

    public RobotFleetOptions()
        : base(StringComparer.OrdinalIgnoreCase)
    {
    }
}
