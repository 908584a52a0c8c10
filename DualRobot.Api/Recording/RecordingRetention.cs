namespace DualRobot.Api.Recording;

/// <summary>
/// Keeps the store within <c>Recording:RetentionDays</c> and <c>Recording:MaxSizeMegabytes</c>: what is older goes,
/// and past the size limit the oldest recordings go until the store is 90 % full. Run by the writer between batches.
/// </summary>
internal sealed class RecordingRetention(RecordingStore store, RecordingOptions options, RecordingMetrics metrics, ILogger logger)
{
    /// <summary>Where a trim by size aims: below the limit, so the next few minutes do not trim again at once.</summary>
    public const double SizeTarget = 0.9;

    public void Run(DateTimeOffset now)
    {
        var ageCutoff = now.AddDays(-options.RetentionDays);
        Log(store.DeleteBefore(ageCutoff), ageCutoff, "age");

        // Rows are of similar size, so deleting the oldest share of the states frees about that share of the store.
        // A few rounds at most: a store far above its limit (the limit was lowered) gets there step by step.
        var used = store.UsedBytes();
        for (var round = 0; round < 4 && used > options.MaxSizeBytes; round++)
        {
            var share = Math.Clamp(1 - (SizeTarget * options.MaxSizeBytes / used), 0.01, 1);
            if (store.CutoffForOldest(share) is not { } cutoff)
            {
                break;
            }

            Log(store.DeleteBefore(cutoff), cutoff, "size");
            used = store.UsedBytes();
        }

        metrics.StoreSize(used);
    }

    private void Log((int States, int Events) deleted, DateTimeOffset cutoff, string reason)
    {
        if (deleted.States + deleted.Events > 0)
        {
            RecordingLog.Pruned(logger, deleted.States, deleted.Events, cutoff, reason, store.UsedBytes());
        }
    }
}
