using System.Runtime.CompilerServices;

namespace DualRobot.Tests.Support;

/// <summary>
/// Every host this suite starts (hundreds of in-process apis and consoles, and the processes they spawn, which inherit
/// the variable) would otherwise watch its appsettings files with one inotify instance each, and Linux allows a user
/// 128 of them: on a busy machine the suite ran out and hosts failed to start. Nothing here reloads configuration.
/// </summary>
internal static class NoConfigurationWatchers
{
    [ModuleInitializer]
    internal static void Disable() =>
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
}
