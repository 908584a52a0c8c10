using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Hosting;
using Prometheus;

namespace DualRobot.Tests.Observability;

/// <summary>
/// The lean process collector keeps prometheus-net's family names, help and types (the dashboard and alerts use
/// them) and reports this process' real figures.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed partial class ProcessStatsTests
{
    [Fact]
    public async Task Families_KeepPrometheusNetsNamesAndTypes_OnceEach()
    {
        var text = await ExportAsync();

        var types = TypeLine().Matches(text).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["type"].Value);
        Assert.Equal(new Dictionary<string, string>
        {
            ["process_start_time_seconds"] = "gauge",
            ["process_cpu_seconds_total"] = "counter",
            ["process_virtual_memory_bytes"] = "gauge",
            ["process_working_set_bytes"] = "gauge",
            ["process_private_memory_bytes"] = "gauge",
            ["process_open_handles"] = "gauge",
            ["process_num_threads"] = "gauge",
            ["dotnet_total_memory_bytes"] = "gauge",
            ["dotnet_collection_count_total"] = "counter",
        }, types);
        Assert.Equal(GC.MaxGeneration + 1, Regex.Matches(text, @"^dotnet_collection_count_total\{generation=""\d""\} ", RegexOptions.Multiline).Count);
    }

    [Fact]
    public async Task Values_AreThisProcesss()
    {
        GC.Collect(0);

        var text = await ExportAsync();

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.InRange(Value(text, "process_start_time_seconds"), now - 86_400, now + 1);
        Assert.True(Value(text, "process_cpu_seconds_total") > 0);
        Assert.True(Value(text, "process_num_threads") >= 2, "a .NET process has more than one thread");
        Assert.True(Value(text, "process_open_handles") >= 3, "at least stdin, stdout and stderr");
        Assert.True(Value(text, "process_working_set_bytes") > 1024 * 1024);
        Assert.True(Value(text, "process_virtual_memory_bytes") >= Value(text, "process_working_set_bytes"));
        Assert.True(Value(text, "process_private_memory_bytes") > 0);
        Assert.True(Value(text, "dotnet_total_memory_bytes") > 0);
        Assert.True(Value(text, @"dotnet_collection_count_total\{generation=""0""\}") >= 1);

        if (OperatingSystem.IsLinux())
        {
            // Within 64 MiB of what the kernel said a moment later: the same source, not a guess.
            var rss = long.Parse(Regex.Match(await File.ReadAllTextAsync("/proc/self/status"), @"VmRSS:\s+(\d+) kB").Groups[1].Value, CultureInfo.InvariantCulture) * 1024;
            Assert.InRange(Value(text, "process_working_set_bytes"), rss - 64 * 1024 * 1024, rss + 64 * 1024 * 1024);
        }
    }

    private static async Task<string> ExportAsync()
    {
        var registry = Metrics.NewCustomRegistry();
        ProcessStats.Register(registry);
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static double Value(string text, string series) =>
        double.Parse(Regex.Match(text, $@"^{series} (\S+)$", RegexOptions.Multiline).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^# TYPE (?<name>\S+) (?<type>\S+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();
}
