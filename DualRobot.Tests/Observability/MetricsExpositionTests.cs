using System.Text.RegularExpressions;
using DualRobot.Api.Diagnostics;

namespace DualRobot.Tests.Observability;

/// <summary>The /metrics text of the AppHost's api and frontend.</summary>
[Collection(ObservabilityCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed partial class MetricsExpositionTests(ObservabilityFixture fixture)
{
    [RequiresToolTheory(Tools.Promtool)]
    [InlineData("api")]
    [InlineData("frontend")]
    public async Task PromtoolCheckMetrics_ExitsZero(string resource)
    {
        var promtool = Tools.Require(Tools.Promtool);
        var text = await fixture.GetMetricsTextAsync(resource);

        var (exit, stdout, stderr) = await ProcessRunner.RunAsync(promtool, ["check", "metrics"], standardInput: text);

        // 0 clean, 1 parse error, 3 lint problems only: all but 0 fail.
        Assert.True(exit == 0, $"promtool check metrics ({resource}) exited {exit}:\n{stdout}\n{stderr}");
    }

    [Theory]
    [InlineData("api")]
    [InlineData("frontend")]
    public async Task NoFamily_IsExportedTwice(string resource)
    {
        var text = await fixture.GetMetricsTextAsync(resource);

        var families = TypeLine().Matches(text).Select(m => m.Groups["name"].Value).ToList();

        Assert.NotEmpty(families);
        Assert.Empty(families.GroupBy(f => f).Where(g => g.Count() > 1).Select(g => g.Key));
        // The lint-failing adapters of prometheus-net (meters, event counters, debug) are suppressed.
        Assert.DoesNotContain(families, f => f.StartsWith("microsoft_", StringComparison.Ordinal) || f.StartsWith("prometheus_net_", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("api")]
    [InlineData("frontend")]
    public async Task HttpAndProcessFamilies_ArePresent(string resource)
    {
        var text = await fixture.GetMetricsTextAsync(resource);

        foreach (var family in new[] { "http_requests_received_total", "http_request_duration_seconds", "http_requests_in_progress",
                     "process_working_set_bytes", "process_cpu_seconds_total" })
        {
            Assert.Contains($"# TYPE {family} ", text, StringComparison.Ordinal);
        }

        // Route template and status code, so the dashboard can split by them.
        Assert.Matches(@"http_requests_received_total\{code=""200"",method=""GET"",[^}]*endpoint=""/health""", text);
    }

    [Fact]
    public async Task Api_ExportsEveryRobotFamily()
    {
        var text = await fixture.GetMetricsTextAsync("api");

        foreach (var family in new[]
                 {
                     RobotMetrics.CommandsTotal, RobotMetrics.Motion, RobotMetrics.Speed, RobotMetrics.Eye, RobotMetrics.ServoAngle,
                     RobotMetrics.GpioWriteDuration, RobotMetrics.DeadmanStopsTotal, RobotMetrics.WatchdogFiresTotal, RobotMetrics.EmergencyStopsTotal,
                     RobotMetrics.EmergencyStopLatched, RobotMetrics.BackendConnected, RobotMetrics.BackendReconnectsTotal,
                     RobotMetrics.SideOutput, RobotMetrics.PoseX, RobotMetrics.PoseY, RobotMetrics.PoseHeading,
                 })
        {
            Assert.Contains($"# TYPE {family} ", text, StringComparison.Ordinal);
        }

        Assert.Matches(@"http_requests_received_total\{code=""400"",method=""POST"",[^}]*endpoint=""/robots/\{name\}/drive""\} [1-9]", text);
    }

    [GeneratedRegex(@"^# TYPE (?<name>\S+) ", RegexOptions.Multiline)]
    private static partial Regex TypeLine();
}
