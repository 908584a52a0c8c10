namespace DualRobot.Api.Audit;

/// <summary>
/// Refusals of one user's command (one robot, one action, one outcome) within one window of
/// <see cref="AuditOptions.RefusalWindowSeconds"/>: one record that counts them, from the first (<c>time</c>) to the
/// last (<c>last</c>). It keeps the first one's detail, and its parameters while every refusal had the same (none
/// once they differed). The record is queued when it starts and again whenever it grew since the writer last took
/// it, so a flood of refusals puts at most one entry in the queue and one row in the store.
/// </summary>
internal sealed class RefusalRepeat
{
    private readonly Lock _sync = new();
    private AuditRecord _record;
    private bool _queued = true; // the trail queues it as it starts

    public RefusalRepeat(AuditRecord first)
    {
        _record = first with { Count = 1, Last = first.Time };
        Start = first.Time;
    }

    public DateTimeOffset Start { get; }

    /// <summary>Counts one more refusal; true when the record must be queued (again) for the writer to see it.</summary>
    public bool Add(DateTimeOffset time, IReadOnlyDictionary<string, string>? parameters)
    {
        lock (_sync)
        {
            _record = _record with
            {
                Count = _record.Count + 1,
                Last = time,
                Parameters = SameParameters(_record.Parameters, parameters) ? _record.Parameters : null,
            };
            if (_queued)
            {
                return false;
            }

            _queued = true;
            return true;
        }
    }

    /// <summary>The writer took it off the queue: the record as it stands; the next refusal queues it again.</summary>
    public AuditRecord Take()
    {
        lock (_sync)
        {
            _queued = false;
            return _record;
        }
    }

    /// <summary>The queue was full: the next refusal tries again.</summary>
    public void NotQueued()
    {
        lock (_sync)
        {
            _queued = false;
        }
    }

    private static bool SameParameters(IReadOnlyDictionary<string, string>? kept, IReadOnlyDictionary<string, string>? next) =>
        kept is not null && next is not null && kept.Count == next.Count
        && kept.All(pair => next.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
