using System.Diagnostics;
using System.Threading.Channels;
using DualRobot.Api.Audit;
using DualRobot.Api.Robots;

namespace DualRobot.Api.Recording;

/// <summary>
/// Where the api hands every published robot state and every audit record to be recorded. Recording never waits: an
/// entry goes into a bounded queue that <see cref="RecordingWriter"/> drains into the <see cref="RecordingStore"/> in
/// batches, so a slow, full or read-only store can neither slow nor block a command, a stop or the e-stop. What
/// cannot be queued is dropped and counted.
/// </summary>
public sealed class FlightRecorder
{
    private readonly Channel<PendingEntry> _queue;
    private readonly TimeProvider _time;
    private readonly RecordingMetrics _metrics;
    private readonly ILogger<FlightRecorder> _logger;
    private volatile string? _failure;
    private volatile bool _completed;
    private int _droppedSinceWrite;

    public FlightRecorder(RecordingStore store, RecordingOptions options, TimeProvider time, RecordingMetrics metrics, ILogger<FlightRecorder> logger)
    {
        Store = store;
        Options = options;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _queue = Channel.CreateBounded<PendingEntry>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite only: a full queue refuses, nothing waits
            SingleReader = true,
        });
    }

    public RecordingStore Store { get; }

    public RecordingOptions Options { get; }

    internal RecordingMetrics Metrics => _metrics;

    /// <summary>Why the recorder is not keeping up, or null while every entry reaches the store.</summary>
    public string? Problem => _failure ?? (Volatile.Read(ref _droppedSinceWrite) is > 0 and var dropped
        ? $"{dropped} recording entr(y/ies) dropped since the last write: the queue was full."
        : null);

    internal ChannelReader<PendingEntry> Pending => _queue.Reader;

    /// <summary>A robot state as it is published (with the trace of the command that caused it, if any).</summary>
    public void Record(RobotState state) => Enqueue(new PendingEntry(_time.GetUtcNow(), TraceId(), state, null));

    /// <summary>An audit record as it is appended to the trail.</summary>
    public void Record(AuditRecord record) => Enqueue(new PendingEntry(record.Time, TraceId(), null, record));

    /// <summary>No more entries: the writer drains what is queued and stops.</summary>
    internal void Complete()
    {
        _completed = true;
        _queue.Writer.TryComplete();
    }

    internal void Written(int count)
    {
        _metrics.CountWritten(count);
        Interlocked.Exchange(ref _droppedSinceWrite, 0);
        if (_failure is not null)
        {
            _failure = null;
            RecordingLog.Recovered(_logger, Store.FullPath);
        }
    }

    internal void Failed(Exception exception, int pending)
    {
        _metrics.CountWriteFailure();
        var first = _failure is null;
        _failure = $"The recording store {Store.FullPath} cannot be written: {exception.Message}";
        if (first)
        {
            RecordingLog.WriteFailed(_logger, exception, Store.FullPath, pending);
        }
    }

    internal void Lost(int count)
    {
        _metrics.CountDropped(count);
        RecordingLog.LostAtShutdown(_logger, count, Store.FullPath);
    }

    private static ActivityTraceId TraceId() => Activity.Current?.TraceId ?? default;

    private void Enqueue(PendingEntry entry)
    {
        if (!Options.Enabled || _completed)
        {
            return; // off, or the api is past its shutdown (the robots' last safe state was recorded before)
        }

        if (!_queue.Writer.TryWrite(entry))
        {
            _metrics.CountDropped(1);
            if (Interlocked.Increment(ref _droppedSinceWrite) == 1)
            {
                RecordingLog.EntriesDropped(_logger, entry.State?.Name ?? entry.Event?.Robot);
            }
        }
    }
}
