using System.Globalization;
using DualRobot.Api.Robots;
using Microsoft.Extensions.Options;

namespace DualRobot.Api.Safety;

/// <summary>
/// Refuses an envelope that would not hold: a margin or cap out of range, a zone with a bad name, a bad shape or a
/// robot that is not configured. Every message names the field, e.g. <c>Safety:Zones:Stairs:Polygon:2:X</c>.
/// </summary>
public sealed class SafetyOptionsValidator(IOptions<RobotFleetOptions> robots) : IValidateOptions<SafetyOptions>
{
    public const double MaxMarginMeters = 1;

    public ValidateOptionsResult Validate(string? name, SafetyOptions options)
    {
        var failures = new List<string>();
        const string section = SafetyOptions.SectionName;
        if (!double.IsFinite(options.MarginMeters) || options.MarginMeters is < 0 or > MaxMarginMeters)
        {
            failures.Add($"{section}:MarginMeters: {Text(options.MarginMeters)} is outside 0..{MaxMarginMeters} metres.");
        }

        foreach (var (field, value) in new[]
        {
            ("MaxSpeed:Operator", options.MaxSpeed.Operator),
            ("MaxSpeed:Supervisor", options.MaxSpeed.Supervisor),
            ("SlowModeMaxSpeed", options.SlowModeMaxSpeed),
        })
        {
            if (!double.IsFinite(value) || value is <= 0 or > 1)
            {
                failures.Add($"{section}:{field}: {Text(value)} is outside 0 (exclusive)..1.");
            }
        }

        if (options.Zones.Count > SafetyOptions.MaxZones)
        {
            failures.Add($"{section}:Zones: {options.Zones.Count} zones; at most {SafetyOptions.MaxZones}.");
        }

        foreach (var (zoneName, zone) in options.Zones)
        {
            var prefix = $"{section}:Zones:{zoneName}";
            if (ZoneShape.NameProblem(zoneName) is { } nameProblem)
            {
                failures.Add($"{prefix}: {nameProblem}");
            }

            if (zone.Robot is { } robot && !robots.Value.Any(r => r.Value.Enabled && string.Equals(r.Key, robot, StringComparison.OrdinalIgnoreCase)))
            {
                failures.Add($"{prefix}:Robot: no robot '{robot}' is configured.");
            }

            failures.AddRange(ZoneShape.Problems(zone.Rectangle, zone.Polygon).Select(problem => $"{prefix}:{ConfigurationPath(problem.Field)}: {problem.Message}"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>A body's field path as configuration spells it: <c>polygon[2].x</c> → <c>Polygon:2:X</c>; the body as a whole is the zone.</summary>
    internal static string ConfigurationPath(string field) => field == RequestFields.Body
        ? "Rectangle|Polygon"
        : string.Join(':', field.Replace("[", ".", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal)
            .Split('.').Select(part => part.Length > 0 && char.IsLetter(part[0]) ? char.ToUpperInvariant(part[0]) + part[1..] : part));

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
