using Prometheus;

namespace Microsoft.Extensions.Hosting;

internal static class PrometheusDefaults
{
    private static int _suppressed;

    /// <summary>
    /// Must run before any metric exists; later calls are harmless no-ops (test hosts build several apps per process).
    /// </summary>
    public static void SuppressNoisyDefaults()
    {
        if (Interlocked.Exchange(ref _suppressed, 1) == 1)
        {
            return;
        }

        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions
        {
            SuppressMeters = true,
            SuppressEventCounters = true,
            SuppressDebugMetrics = true,
        });
    }
}
