using DualRobot.Api.Audit;

namespace DualRobot.Api.Recording;

/// <summary>
/// Drains the <see cref="FlightRecorder"/> into the store, up to <see cref="MaxBatch"/> entries per transaction, cuts
/// them into sessions and runs retention every <c>Recording:RetentionInterval</c>. A failed batch is kept and tried
/// again every <see cref="RetryDelay"/> while new entries queue up behind it (and are dropped once the queue is full).
/// On shutdown it stops after the robots did and writes everything still queued, their last stops included.
/// </summary>
internal sealed class RecordingWriter(FlightRecorder recorder, TimeProvider time, ILogger<RecordingWriter> logger) : BackgroundService
{
    public const int MaxBatch = 2048;

    /// <summary>
    /// Longer than the audit's: each transaction has a fixed cost (its commit's log pages, the sessions it touched),
    /// and a replay or a recording list a tenth of a second behind is still now to a person.
    /// </summary>
    public static readonly TimeSpan GatherInterval = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly SessionTracker _sessions = new(recorder.Options.SessionGap);
    private readonly RecordingRetention _retention = new(recorder.Store, recorder.Options, recorder.Metrics, logger);
    private DateTimeOffset _nextRetention = DateTimeOffset.MinValue;

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        recorder.Complete();
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!recorder.Options.Enabled)
        {
            return; // nothing is queued, and an existing store is left as it is
        }

        // Off the start-up path: a slow or missing store must not hold up the robots.
        await Task.Yield();
        RunRetention();
        var batch = new List<PendingEntry>(MaxBatch);
        var reader = recorder.Pending;
        while (batch.Count > 0 || await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            if (TryWrite(batch))
            {
                batch.Clear();
                RunRetention();
                await BatchGathering.GatherAsync(reader, MaxBatch, GatherInterval, stoppingToken);
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

        while (reader.TryRead(out var late))
        {
            batch.Add(late);
        }

        if (batch.Count > 0 && !TryWrite(batch))
        {
            recorder.Lost(batch.Count);
        }
    }

    private bool TryWrite(List<PendingEntry> batch)
    {
        if (batch.Count == 0)
        {
            return true;
        }

        var checkpoint = _sessions.Checkpoint();
        try
        {
            recorder.Store.Append(batch, _sessions);
            recorder.Written(batch.Count);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _sessions.Restore(checkpoint); // the batch's sessions are not in the store either
            recorder.Failed(ex, batch.Count);
            return false;
        }
    }

    private void RunRetention()
    {
        var now = time.GetUtcNow();
        if (now < _nextRetention)
        {
            return;
        }

        _nextRetention = now + recorder.Options.RetentionInterval;
        try
        {
            _retention.Run(now);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            recorder.Failed(ex, 0);
        }
    }
}
