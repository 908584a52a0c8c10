namespace DualRobot.Benchmarks;

/// <summary>
/// Waits until the measured processes are idle: after start-up and a warm-up, the runtime's tiered JIT keeps
/// recompiling hot methods in the background for many seconds, and on two cores that thread competes with the
/// requests being timed. Measures are of steady state, the state a robot controller spends its life in.
/// </summary>
public static class SteadyState
{
    /// <summary>
    /// Returns once one <paramref name="window"/> passes in which every process used less than
    /// <paramref name="share"/> of one core, or after <paramref name="limit"/>; the log says which. A zero limit
    /// (a smoke run) does not wait.
    /// </summary>
    public static async Task<bool> WaitAsync(IReadOnlyList<ServiceProcess> processes, double share, TimeSpan window, TimeSpan limit, Action<string> log)
    {
        if (limit <= TimeSpan.Zero)
        {
            return false;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            var before = processes.Select(p => p.CpuTime()).ToArray();
            await Task.Delay(window);
            var busiest = processes.Select((p, i) => (p.CpuTime() - before[i]) / window).Max();
            var waited = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            if (busiest < share)
            {
                log($"steady state after {waited.TotalSeconds:0.0} s (busiest process {busiest * 100:0.0} % of a core)");
                return true;
            }

            if (waited >= limit)
            {
                log($"not idle after {waited.TotalSeconds:0} s (busiest process {busiest * 100:0.0} % of a core): measuring anyway");
                return false;
            }
        }
    }
}
