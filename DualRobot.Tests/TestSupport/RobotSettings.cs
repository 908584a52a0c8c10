using System.Globalization;

namespace DualRobot.TestSupport;

/// <summary>
/// The default robots as the api's appsettings.json configures them, and the settings that point one of them at a
/// pigpiod: one place for the pin numbers the tests assert on.
/// </summary>
public static class RobotSettings
{
    /// <summary>Linus's direction pins in H-bridge order: left forward, left backward, right forward, right backward.</summary>
    public static readonly int[] LinusDirectionPins = [13, 21, 17, 27];

    /// <summary>Linus's eye LED.</summary>
    public const int LinusEye = 16;

    /// <summary>Configuration (<c>Robots:Linus:Backend</c>...) that drives <paramref name="robot"/> through the pigpiod at 127.0.0.1:<paramref name="port"/>.</summary>
    public static Dictionary<string, string?> Pigpio(int port, string robot = "Linus") =>
        PigpioSettings(port, robot, ":").ToDictionary(e => e.Key, e => (string?)e.Value);

    /// <summary>The same for a child process's environment (<c>Robots__Linus__Backend</c>...).</summary>
    public static Dictionary<string, string> PigpioEnvironment(int port, string robot = "Linus") =>
        PigpioSettings(port, robot, "__").ToDictionary();

    private static IEnumerable<KeyValuePair<string, string>> PigpioSettings(int port, string robot, string separator) =>
    [
        new($"Robots{separator}{robot}{separator}Backend", "Pigpio"),
        new($"Robots{separator}{robot}{separator}Host", "127.0.0.1"),
        new($"Robots{separator}{robot}{separator}Port", port.ToString(CultureInfo.InvariantCulture)),
    ];
}
