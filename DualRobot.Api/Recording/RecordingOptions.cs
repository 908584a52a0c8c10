using System.ComponentModel.DataAnnotations;

namespace DualRobot.Api.Recording;

/// <summary>The <c>Recording</c> section: the flight recorder's store, how long and how much of it is kept.</summary>
public sealed class RecordingOptions
{
    public const string SectionName = "Recording";

    /// <summary>What follows the audit trail's file name (without its extension) when <see cref="Path"/> is empty.</summary>
    public const string DefaultSuffix = ".recordings.db";

    /// <summary>Off: nothing is recorded (what was recorded before can still be read).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The SQLite file, absolute or relative to the api's content root; empty puts it beside the audit trail, named
    /// after it (<c>data/audit.db</c> → <c>data/audit.recordings.db</c>): on the same volume, and one per trail, as
    /// there is one api per trail.
    /// </summary>
    public string Path { get; set; } = "";

    /// <summary>States, events and sessions older than this many days are deleted.</summary>
    [Range(1, 36_500)]
    public int RetentionDays { get; set; } = 7;

    /// <summary>
    /// The store's size limit: past it, the oldest recordings are deleted until it is 90 % full again. The production
    /// overlay's volume (1 GiB) holds the audit trail too.
    /// </summary>
    [Range(1, 1_048_576)]
    public int MaxSizeMegabytes { get; set; } = 512;

    /// <summary>
    /// States and events waiting to be written. Commands never wait for the store: when it is this far behind, new
    /// entries are dropped and counted (<c>dualrobot_recorder_entries_dropped_total</c>).
    /// </summary>
    [Range(16, 1_000_000)]
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>
    /// A robot standing still longer than this ends its session: the next motion starts a new one (so does another
    /// driver at once).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SessionGap { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often retention runs (age and size); also once at start.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromMinutes(1);

    public long MaxSizeBytes => MaxSizeMegabytes * 1024L * 1024L;

    /// <summary>Where the store is: <see cref="Path"/>, or beside <paramref name="auditPath"/> when that is empty.</summary>
    public string ResolvePath(string contentRoot, string auditPath) => string.IsNullOrWhiteSpace(Path)
        ? System.IO.Path.Combine(System.IO.Path.GetDirectoryName(auditPath)!, System.IO.Path.GetFileNameWithoutExtension(auditPath) + DefaultSuffix)
        : System.IO.Path.Combine(contentRoot, Path);
}
