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

    /// <summary>The runtime's background compiler thread (<c>.NET Tiered Compilation Worker</c>, cut to 15 characters).</summary>
    private const string TieredCompilationThread = ".NET Tiered Com";

    private static readonly TimeSpan MinimumWarmUp = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs <paramref name="slice"/> (a burst of the load to be measured) over and over for at least 5 s, and until
    /// the tiered compiler of <paramref name="process"/> used less than <paramref name="share"/> of one core during two
    /// slices in a row, or until <paramref name="limit"/>; the log says which. (The compiler starts late: methods are
    /// promoted only after their calls were counted for a while, so the first second alone says nothing.) A fixed warm-up is not enough on a loaded machine: the compiler
    /// gets its CPU late, and a profile taken 6 s into a saturating load still showed it busy 40 % of a core for
    /// the next 7 s, competing with the requests being timed.
    /// </summary>
    public static async Task<bool> WarmUpAsync(ServiceProcess process, Func<Task> slice, double share, TimeSpan limit, Action<string> log)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var slices = 0;
        var quiet = 0;
        while (true)
        {
            var before = ProcStat.Threads(process.Pid, TieredCompilationThread);
            var sliceStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            await slice();
            slices++;
            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(sliceStarted);
            var compiling = ProcStat.Threads(process.Pid, TieredCompilationThread)
                .Sum(thread => (thread.Value - before.GetValueOrDefault(thread.Key)).TotalSeconds) / elapsed.TotalSeconds;
            var waited = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            quiet = compiling < share ? quiet + 1 : 0;
            if (quiet >= 2 && waited >= MinimumWarmUp)
            {
                log($"warm after {slices} slices, {waited.TotalSeconds:0.0} s (tiered compiler {compiling * 100:0.0} % of a core in the last)");
                return true;
            }

            if (waited >= limit)
            {
                log($"still compiling after {waited.TotalSeconds:0} s (tiered compiler {compiling * 100:0.0} % of a core): measuring anyway");
                return false;
            }
        }
    }
}
