using Prometheus;

namespace Microsoft.Extensions.Hosting;

internal static class PrometheusDefaults
{
    // Lazy with ExecutionAndPublication: a second host built at the same moment (tests build many per process) waits
    // until suppression is done instead of racing ahead and creating metrics first.
    private static readonly Lazy<bool> Suppressed = new(Suppress, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Must run before any metric exists; every later call is a no-op.</summary>
    public static void Configure() => _ = Suppressed.Value;

    private static bool Suppress()
    {
        // The meter and EventCounter adapters re-export what OpenTelemetry already exports and fail promtool's
        // lint; prometheus-net's process stats are replaced by ProcessStats, which keeps /metrics fast.
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions
        {
            SuppressMeters = true,
            SuppressEventCounters = true,
            SuppressDebugMetrics = true,
            SuppressProcessMetrics = true,
        });
        ProcessStats.Register(Metrics.DefaultRegistry);
        return true;
    }
}
