using System.Globalization;
using System.Text.RegularExpressions;

namespace DualRobot.Tests.Reliability;

/// <summary>Reads what a process and its /metrics say about it: threads, resident memory, one metric's value.</summary>
internal static partial class ProcessProbe
{
    /// <summary><c>Threads</c> from <c>/proc/&lt;pid&gt;/status</c>.</summary>
    public static int Threads(int pid) => (int)StatusField(pid, "Threads");

    /// <summary><c>VmRSS</c> from <c>/proc/&lt;pid&gt;/status</c>, in bytes.</summary>
    public static long ResidentBytes(int pid) => StatusField(pid, "VmRSS") * 1024;

    /// <summary>
    /// The value of the sample <paramref name="name"/>{<paramref name="labels"/>} in Prometheus text exposition,
    /// or null when the series is absent. Labels are matched exactly, in the order prometheus-net writes them.
    /// </summary>
    public static double? Metric(string exposition, string name, string labels)
    {
        var prefix = $"{name}{{{labels}}} ";
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return double.Parse(line[prefix.Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static long StatusField(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            var match = StatusLine().Match(line);
            if (match.Success && match.Groups["name"].Value == field)
            {
                return long.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no {field} line.");
    }

    [GeneratedRegex(@"^(?<name>\w+):\s+(?<value>\d+)")]
    private static partial Regex StatusLine();
}
