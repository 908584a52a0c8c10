using System.Diagnostics.Metrics;
using Prometheus;

namespace DualRobot.Api.Recording;

/// <summary>
/// The flight recorder's instruments on the <see cref="MeterName"/> meter: exported over OTLP and published at
/// /metrics under the family names below, as the audit trail's are.
/// </summary>
public sealed class RecordingMetrics : IDisposable
{
    public const string MeterName = "DualRobot.Api.Recording";

    public const string EntriesWrittenTotal = "dualrobot_recorder_entries_written_total";
    public const string EntriesDroppedTotal = "dualrobot_recorder_entries_dropped_total";
    public const string WriteFailuresTotal = "dualrobot_recorder_write_failures_total";
    public const string StoreBytes = "dualrobot_recorder_store_bytes";

    private readonly Meter _meter;
    private readonly PrometheusMeterBridge _prometheus;
    private readonly Counter<long> _written;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _failures;
    private readonly Gauge<long> _bytes;

    /// <summary>A meter of its own, published to <paramref name="prometheus"/> (benchmarks, tests).</summary>
    public RecordingMetrics(IMetricFactory prometheus)
        : this(new Meter(MeterName), prometheus)
    {
    }

    /// <summary>The host's meter (so its OpenTelemetry exports it), published to prometheus-net's default registry.</summary>
    public RecordingMetrics(IMeterFactory meters)
        : this(meters.Create(MeterName), Metrics.DefaultFactory)
    {
    }

    private RecordingMetrics(Meter meter, IMetricFactory prometheus)
    {
        _meter = meter;
        _prometheus = new PrometheusMeterBridge(meter, prometheus);
        _written = meter.CreateCounter<long>("dualrobot.recorder.entries_written", "{entry}",
            "Robot states and events written to the recording store.");
        _dropped = meter.CreateCounter<long>("dualrobot.recorder.entries_dropped", "{entry}",
            "Robot states and events not recorded: the queue was full, or the store still refused them at shutdown.");
        _failures = meter.CreateCounter<long>("dualrobot.recorder.write_failures", "{failure}",
            "Failed attempts to write a batch to the recording store (full, read-only or missing).");
        _bytes = meter.CreateGauge<long>("dualrobot.recorder.store", "By",
            "Bytes the recording store uses, as of its last retention run.");

        // At zero from the start, so rate() and alerts see the first drop or failure.
        _written.Add(0);
        _dropped.Add(0);
        _failures.Add(0);
    }

    public void CountWritten(int count) => _written.Add(count);

    public void CountDropped(int count) => _dropped.Add(count);

    public void CountWriteFailure() => _failures.Add(1);

    public void StoreSize(long bytes) => _bytes.Record(bytes);

    public void Dispose()
    {
        _prometheus.Dispose();
        _meter.Dispose();
    }
}
