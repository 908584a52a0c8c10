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

    /// <summary>The lease range and default, as request bodies are checked against them.</summary>
    public LeaseLimits Leases => new(MinLeaseMs, MaxLeaseMs, DefaultLeaseMs);

    /// <summary>
    /// How far past its <c>X-Command-Deadline</c> a command is still applied: room for the clocks of the caller and
    /// the api to disagree. Everything later is refused as stale.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ClockSkewAllowance { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// A robot stays claimed by the user who commanded it for this long after their last command; other users'
    /// motion, eye and servo commands are refused meanwhile (409 robot-in-use). Stops and the e-stop never are.
    /// </summary>
    [Range(1, 3600)]
    public int ClaimIdleSeconds { get; set; } = 10;

    /// <summary>
    /// A claim whose holder commanded within this window is active: only a supervisor may take it over. After it,
    /// the claim is idle and any operator may take control.
    /// </summary>
    [Range(100, 3_600_000)]
    public int ClaimActiveMs { get; set; } = 1000;

    /// <summary>Half-period of the eye's blink: on this long, then off this long.</summary>
    [Range(50, 10_000)]
    public int BlinkIntervalMs { get; set; } = 500;
}
