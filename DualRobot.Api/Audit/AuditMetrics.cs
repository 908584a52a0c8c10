using Prometheus;

namespace DualRobot.Api.Audit;

/// <summary>The audit trail's families at /metrics: what reached the store, and what did not.</summary>
public sealed class AuditMetrics
{
    public const string RecordsWrittenTotal = "dualrobot_audit_records_written_total";
    public const string RecordsDroppedTotal = "dualrobot_audit_records_dropped_total";
    public const string WriteFailuresTotal = "dualrobot_audit_write_failures_total";

    private readonly Counter _written;
    private readonly Counter _dropped;
    private readonly Counter _failures;

    public AuditMetrics()
        : this(Metrics.DefaultFactory)
    {
    }

    public AuditMetrics(IMetricFactory factory)
    {
        _written = factory.CreateCounter(RecordsWrittenTotal, "Audit records written to the store.");
        _dropped = factory.CreateCounter(RecordsDroppedTotal, "Audit records lost: the queue was full, or the store still refused them at shutdown.");
        _failures = factory.CreateCounter(WriteFailuresTotal, "Failed attempts to write a batch of audit records (store full, read-only or missing).");
    }

    public void CountWritten(int count) => _written.Inc(count);

    public void CountDropped(int count) => _dropped.Inc(count);

    public void CountWriteFailure() => _failures.Inc();
}
