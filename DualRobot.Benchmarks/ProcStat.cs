using System.Globalization;

namespace DualRobot.Benchmarks;

/// <summary>One process's line in <c>/proc/&lt;pid&gt;/stat</c>: its name, its parent and the CPU it has used so far.</summary>
public readonly record struct ProcStat(string Name, int Parent, TimeSpan Cpu)
{
    /// <exception cref="IOException">The process is gone.</exception>
    public static ProcStat Read(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The name sits in parentheses and may itself hold spaces; fields after the ")" that closes it: state is
        // field 3, the parent 4, user time 14 and system time 15 (10 ms ticks).
        var close = stat.LastIndexOf(')');
        var fields = stat[(close + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return new ProcStat(stat[(stat.IndexOf('(') + 1)..close], int.Parse(fields[1], CultureInfo.InvariantCulture), TimeSpan.FromSeconds(ticks / 100.0));
    }
}
