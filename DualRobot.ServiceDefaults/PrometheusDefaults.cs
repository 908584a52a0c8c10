using Prometheus;

namespace Microsoft.Extensions.Hosting;

internal static class PrometheusDefaults
{
    // Lazy with ExecutionAndPublication: a second host built at the same moment (tests build many per process) waits
    // until suppression is done instead of racing ahead and creating metrics first.
    private static readonly Lazy<bool> Suppressed = new(Suppress, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Must run before any metric exists; every later call is a no-op.</summary>
    public static void SuppressNoisyDefaults() => _ = Suppressed.Value;

    private static bool Suppress()
    {
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions
        {
            SuppressMeters = true,
            SuppressEventCounters = true,
            SuppressDebugMetrics = true,
        });
        return true;
    }
}
