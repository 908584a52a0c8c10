using System.ComponentModel.DataAnnotations;

namespace DualRobot.Api.Control;

/// <summary>The <c>Control</c> section: who may actuate and how fast.</summary>
public sealed class ControlOptions
{
    public const string SectionName = "Control";

    /// <summary>
    /// The bearer key every actuating request must carry. Comes from user-secrets, the AppHost's secret parameter
    /// or a Kubernetes Secret, never from a committed file. Required outside Development.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Commands accepted per robot per second; 0 turns the limit off. Stops are never limited.</summary>
    [Range(0, 100_000)]
    public int MaxCommandsPerSecond { get; set; } = 50;

    [Range(1, 60_000)]
    public int DefaultLeaseMs { get; set; } = 500;

    [Range(1, 60_000)]
    public int MinLeaseMs { get; set; } = 50;

    [Range(1, 60_000)]
    public int MaxLeaseMs { get; set; } = 5000;

    /// <summary>
    /// How far past its <c>X-Command-Deadline</c> a command is still applied: room for the clocks of the caller and
    /// the api to disagree. Everything later is refused as stale.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ClockSkewAllowance { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Half-period of the eye's blink: on this long, then off this long.</summary>
    [Range(50, 10_000)]
    public int BlinkIntervalMs { get; set; } = 500;
}
