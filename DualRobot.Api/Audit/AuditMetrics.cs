using System.Diagnostics.Metrics;
using Prometheus;

namespace DualRobot.Api.Audit;

/// <summary>
/// The audit trail's instruments on the <see cref="MeterName"/> meter: exported over OTLP and published at /metrics
/// under the family names below through <see cref="PrometheusMeterBridge"/>, as the robot metrics are.
/// </summary>
public sealed class AuditMetrics : IDisposable
{
    public const string MeterName = "DualRobot.Api.Audit";

    /// <summary>The Prometheus family of failed writes (the alert rules and the read-only store's test read it).</summary>
    public const string WriteFailuresTotal = "dualrobot_audit_write_failures_total";

    private readonly Meter _meter;
    private readonly PrometheusMeterBridge _prometheus;
    private readonly Counter<long> _written;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _failures;

    /// <summary>A meter of its own, published to <paramref name="prometheus"/> (benchmarks).</summary>
    public AuditMetrics(IMetricFactory prometheus)
        : this(new Meter(MeterName), prometheus)
    {
    }

    /// <summary>The host's meter (so its OpenTelemetry exports it), published to prometheus-net's default registry.</summary>
    public AuditMetrics(IMeterFactory meters)
        : this(meters.Create(MeterName), Metrics.DefaultFactory)
    {
    }

    private AuditMetrics(Meter meter, IMetricFactory prometheus)
    {
        _meter = meter;
        _prometheus = new PrometheusMeterBridge(meter, prometheus);
        _written = meter.CreateCounter<long>("dualrobot.audit.records_written", "{record}", "Audit records written to the store (a record of counted refusals each time its count is written).");
        _dropped = meter.CreateCounter<long>("dualrobot.audit.records_dropped", "{record}",
            "Audit records lost: the queue was full, or the store still refused them at shutdown.");
        _failures = meter.CreateCounter<long>("dualrobot.audit.write_failures", "{failure}",
            "Failed attempts to write a batch of audit records (store full, read-only or missing).");

        // At zero from the start, so rate() and alerts see the first failure.
        _written.Add(0);
        _dropped.Add(0);
        _failures.Add(0);
    }

    public void CountWritten(int count) => _written.Add(count);

    public void CountDropped(int count) => _dropped.Add(count);

    public void CountWriteFailure() => _failures.Add(1);

    public void Dispose()
    {
        _prometheus.Dispose();
        _meter.Dispose();
    }
}
