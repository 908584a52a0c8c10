using System.Threading.Channels;
using DualRobot.Api.Diagnostics;

namespace DualRobot.Api.Audit;

/// <summary>
/// Where the api hands over audit records. Recording never waits: a record goes into a bounded queue that
/// <see cref="AuditWriter"/> drains into the <see cref="AuditStore"/> in batches, so a slow, full or read-only
/// store can neither slow nor block a command, a stop or the e-stop. What cannot be queued is counted and logged.
/// A refused robot command that is repeated is counted in one record per window (<see cref="RepeatedRefusals"/>).
/// </summary>
public sealed class AuditTrail
{
    private readonly Channel<AuditEntry> _queue;
    private readonly RepeatedRefusals _refusals;
    private readonly TimeProvider _time;
    private readonly AuditMetrics _metrics;
    private readonly ILogger<AuditTrail> _logger;
    private readonly Recording.FlightRecorder? _recorder;
    private volatile string? _failure;
    private int _droppedSinceWrite;

    /// <param name="refusalWindow">See <see cref="AuditOptions.RefusalWindowSeconds"/>; null for its default.</param>
    /// <param name="recorder">Where every record also goes for replay; a repeated refusal only once per window.</param>
    public AuditTrail(
        AuditStore store,
        int capacity,
        TimeProvider time,
        AuditMetrics metrics,
        ILogger<AuditTrail> logger,
        TimeSpan? refusalWindow = null,
        Recording.FlightRecorder? recorder = null)
    {
        _recorder = recorder;
        Store = store;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _refusals = new RepeatedRefusals(refusalWindow ?? TimeSpan.FromSeconds(AuditOptions.DefaultRefusalWindowSeconds));
        _queue = Channel.CreateBounded<AuditEntry>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite only: a full queue refuses, nothing waits
            SingleReader = true,
        });
    }

    public AuditStore Store { get; }

    /// <summary>Why the trail is not keeping up, or null while every record reaches the store.</summary>
    public string? Problem => _failure ?? (Volatile.Read(ref _droppedSinceWrite) is > 0 and var dropped
        ? $"{dropped} audit record(s) dropped since the last write: the queue was full."
        : null);

    internal ChannelReader<AuditEntry> Pending => _queue.Reader;

    public void Record(
        string user, string? robot, string action, IReadOnlyDictionary<string, string>? parameters, string outcome, string? detail = null)
    {
        var record = new AuditRecord(0, _time.GetUtcNow(), user, robot, action, parameters, outcome, detail);
        if (!RepeatedRefusals.IsRepeatable(record))
        {
            _recorder?.Record(record);
            Enqueue(new AuditEntry(record, null), record);
            return;
        }

        // The recorder keeps the first refusal of a repeat, not the flood: a client repeating a refused command must
        // not push the recordings' size cap over the history of everyone else.
        var repeat = _refusals.Add(record, out var started);
        if (started)
        {
            _recorder?.Record(record);
        }

        if (repeat is not null && !Enqueue(new AuditEntry(null, repeat), record))
        {
            repeat.NotQueued();
        }
    }

    private bool Enqueue(AuditEntry entry, AuditRecord record)
    {
        if (_queue.Writer.TryWrite(entry))
        {
            return true;
        }

        _metrics.CountDropped(1);
        if (Interlocked.Increment(ref _droppedSinceWrite) == 1)
        {
            AuditLog.RecordsDropped(_logger, record.Action, record.Robot, record.User);
        }

        return false;
    }

    /// <summary>No more records: the writer drains what is queued and stops.</summary>
    internal void Complete() => _queue.Writer.TryComplete();

    internal void Written(int count)
    {
        _metrics.CountWritten(count);
        Interlocked.Exchange(ref _droppedSinceWrite, 0);
        if (_failure is not null)
        {
            _failure = null;
            AuditLog.Recovered(_logger, Store.FullPath);
        }
    }

    internal void Failed(Exception exception, int pending)
    {
        _metrics.CountWriteFailure();
        var first = _failure is null;
        _failure = $"The audit store {Store.FullPath} cannot be written: {exception.Message}";
        if (first)
        {
            AuditLog.WriteFailed(_logger, exception, Store.FullPath, pending);
        }
    }

    internal void Lost(int count)
    {
        _metrics.CountDropped(count);
        AuditLog.LostAtShutdown(_logger, count, Store.FullPath);
    }
}

/// <summary>What the queue holds: a record, or a repeat of refusals whose record the writer reads when it takes it.</summary>
internal readonly record struct AuditEntry(AuditRecord? Record, RefusalRepeat? Repeat)
{
    public AuditRecord Take() => Repeat?.Take() ?? Record!;
}
