using Microsoft.Extensions.Options;

namespace DualRobot.Api.Audit;

/// <summary>
/// Drains the <see cref="AuditTrail"/> into the store, up to <see cref="MaxBatch"/> records per transaction, and
/// deletes what is past retention. A failed batch is kept and tried again every <see cref="RetryDelay"/> while new
/// records queue up behind it. On shutdown (SIGTERM included) it stops after the robots did and writes everything
/// still queued before the process exits.
/// </summary>
/// <param name="feed">Where written records go on to <c>/audit/events</c>; null for nowhere.</param>
internal sealed class AuditWriter(
    AuditTrail trail, IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditWriter> logger, AuditFeed? feed = null)
    : BackgroundService
{
    public const int MaxBatch = 256;
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    private DateTimeOffset _nextPrune = DateTimeOffset.MinValue;

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        trail.Complete();
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: a slow or missing store must not hold up the robots.
        await Task.Yield();
        var batch = new List<AuditRecord>(MaxBatch);
        var reader = trail.Pending;
        while (batch.Count > 0 || await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var entry))
            {
                batch.Add(entry.Take());
            }

            if (TryWrite(batch))
            {
                batch.Clear();
                Prune();
                await BatchGathering.GatherAsync(reader, MaxBatch, stoppingToken);
                continue;
            }

            if (stoppingToken.IsCancellationRequested)
            {
                break;
            }

            try
            {
                await Task.Delay(RetryDelay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                // Shutting down: one last try with everything still queued, below.
            }
        }

        // Stopping with a store that refuses writes: drain the queue into a last attempt, then count what is lost.
        while (reader.TryRead(out var late))
        {
            batch.Add(late.Take());
        }

        if (batch.Count > 0 && !TryWrite(batch))
        {
            trail.Lost(batch.Count);
        }
    }

    private bool TryWrite(List<AuditRecord> batch)
    {
        if (batch.Count == 0)
        {
            return true;
        }

        try
        {
            var written = trail.Store.Append(batch);
            trail.Written(written.Count);
            feed?.Publish(written);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            trail.Failed(ex, batch.Count);
            return false;
        }
    }

    private void Prune()
    {
        var now = time.GetUtcNow();
        if (now < _nextPrune)
        {
            return;
        }

        _nextPrune = now + PruneEvery;
        try
        {
            var deleted = trail.Store.DeleteOlderThan(now.AddDays(-options.Value.RetentionDays));
            if (deleted > 0)
            {
                AuditLog.Pruned(logger, deleted, options.Value.RetentionDays);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            trail.Failed(ex, 0);
        }
    }
}
