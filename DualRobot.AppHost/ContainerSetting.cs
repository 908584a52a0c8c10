using Microsoft.Extensions.Configuration;

namespace DualRobot.AppHost;

/// <summary>
/// A setting that turns optional containers on: <c>Auto</c> (default: when the container runtime answers),
/// <c>true</c> or <c>false</c> to force. Anything else is refused by name at start.
/// </summary>
internal static class ContainerSetting
{
    /// <summary>Whether the containers <paramref name="key"/> governs run, and why (for the AppHost's log).</summary>
    /// <param name="otherwise">What to do about it, when no runtime answers.</param>
    /// <param name="autoOffBecause">Why <c>Auto</c> means off without asking the runtime (publishing); null to ask.</param>
    public static (bool Enabled, string Reason) Decide(IConfiguration configuration, string key, string otherwise, string? autoOffBecause = null)
    {
        var setting = configuration[key];
        if (bool.TryParse(setting, out var forced))
        {
            return (forced, forced ? "forced on" : $"{key} is false");
        }

        if (setting is { Length: > 0 } && !setting.Equals("Auto", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{key} must be Auto, true or false, not '{setting}'.");
        }

        if (autoOffBecause is not null)
        {
            return (false, autoOffBecause);
        }

        var (usable, why) = ContainerRuntimeProbe.ProbeConfigured(configuration);
        return (usable, usable ? why : $"no usable container runtime ({why}); {otherwise}");
    }
}
