using System.ComponentModel.DataAnnotations;

namespace DualRobot.Api.Audit;

/// <summary>The <c>Audit</c> section: where the audit trail is kept and for how long.</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Audit";

    /// <summary>
    /// The SQLite file, absolute or relative to the api's content root; its folder is created if missing. In a
    /// container it belongs on a volume (the production overlay mounts one at <c>/data</c>).
    /// </summary>
    [Required]
    [MinLength(1)]
    public string Path { get; set; } = "data/audit.db";

    /// <summary>Records older than this many days are deleted (at start, then hourly).</summary>
    [Range(1, 36_500)]
    public int RetentionDays { get; set; } = 30;

    /// <summary>
    /// Records waiting to be written. Commands never wait for the store: when it is this far behind, new records are
    /// dropped and counted (<c>dualrobot_audit_records_dropped_total</c>) and /health reports Degraded.
    /// </summary>
    [Range(16, 1_000_000)]
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>
    /// A refused robot command repeated within this many seconds of the first refusal (same user, robot, action and
    /// outcome) is counted in that one record (<c>count</c>, <c>time</c> to <c>last</c>) instead of adding its own:
    /// at most one row per user, robot, action, outcome and window, however fast a client repeats it.
    /// </summary>
    [Range(1, 3600)]
    public int RefusalWindowSeconds { get; set; } = DefaultRefusalWindowSeconds;

    public const int DefaultRefusalWindowSeconds = 300;
}
