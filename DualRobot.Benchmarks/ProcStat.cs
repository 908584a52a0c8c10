using System.Globalization;

namespace DualRobot.Benchmarks;

/// <summary>One process's (or thread's) line in <c>/proc/&lt;pid&gt;/stat</c>: its name, its parent and the CPU it has used so far.</summary>
public readonly record struct ProcStat(string Name, int Parent, TimeSpan Cpu)
{
    /// <exception cref="IOException">The process is gone.</exception>
    public static ProcStat Read(int pid) => Parse(File.ReadAllText($"/proc/{pid}/stat"));

    /// <summary>
    /// The CPU used so far by the threads of <paramref name="pid"/> whose name starts with <paramref name="prefix"/>,
    /// by thread id (a thread that ended is no longer there).
    /// </summary>
    public static Dictionary<int, TimeSpan> Threads(int pid, string prefix)
    {
        var threads = new Dictionary<int, TimeSpan>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var stat = Parse(File.ReadAllText(Path.Combine(task, "stat")));
                if (stat.Name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    threads[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = stat.Cpu;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The thread ended between the listing and the read.
            }
        }

        return threads;
    }

    private static ProcStat Parse(string stat)
    {
        // The name sits in parentheses and may itself hold spaces; fields after the ")" that closes it: state is
        // field 3, the parent 4, user time 14 and system time 15 (10 ms ticks).
        var close = stat.LastIndexOf(')');
        var fields = stat[(close + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return new ProcStat(stat[(stat.IndexOf('(') + 1)..close], int.Parse(fields[1], CultureInfo.InvariantCulture), TimeSpan.FromSeconds(ticks / 100.0));
    }
}
