using System.Globalization;

namespace DualRobot.Tests.Observability;

/// <summary>A real Prometheus scrapes the AppHost's api and frontend after a known command sequence.</summary>
[Collection(ObservabilityCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class PrometheusScrapeTests(ObservabilityFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private PrometheusServer Prometheus
    {
        get
        {
            Tools.Require(Tools.Prometheus);
            return fixture.Prometheus ?? throw new Xunit.Sdk.XunitException("The fixture did not start Prometheus.");
        }
    }

    [RequiresToolFact(Tools.Prometheus)]
    public async Task ApiAndFrontendTargets_AreUp()
    {
        var result = await Prometheus.WaitForAsync("up", s => s.Count == 2 && s.All(x => x.Value == 1), Timeout, "both targets up");

        Assert.Equal(["api", "frontend"], result.Samples.Select(s => s.Labels["job"]).Order());
    }

    [RequiresToolTheory(Tools.Prometheus)]
    [InlineData("""dualrobot_commands_total{robot="Linus",action="drive",outcome="accepted"} >= 1""")]
    [InlineData("""dualrobot_commands_total{robot="Linus",action="drive",outcome="invalid"} >= 1""")]
    [InlineData("""dualrobot_commands_total{robot="Torvalds",action="eye",outcome="accepted"} >= 1""")]
    [InlineData("""dualrobot_commands_total{robot="Linus",action="servo",outcome="accepted"} >= 1""")]
    [InlineData("""dualrobot_robot_motion{robot="Linus",direction="forward"} == 1""")]
    [InlineData("""dualrobot_robot_motion{robot="Linus",direction="stop"} == 0""")]
    [InlineData("""dualrobot_robot_speed{robot="Linus"} == 0.5""")]
    [InlineData("""dualrobot_robot_eye{robot="Torvalds",state="on"} == 1""")]
    [InlineData("""dualrobot_robot_servo_angle_degrees{robot="Linus",servo="0"} == 30""")]
    [InlineData("""dualrobot_backend_connected{robot="Linus",backend="Simulated"} == 1""")]
    [InlineData("""dualrobot_backend_connected{robot="Torvalds",backend="Simulated"} == 1""")]
    [InlineData("""dualrobot_deadman_stops_total{robot="Torvalds"} >= 4""")]
    [InlineData("""dualrobot_emergency_stops_total >= 1""")]
    [InlineData("""dualrobot_emergency_stop_latched == 0""")]
    [InlineData("""dualrobot_gpio_write_duration_seconds_count{backend="Simulated"} > 0""")]
    public async Task AfterCommandSequence_PrometheusHolds(string condition)
    {
        // A comparison filters: the series is returned once, and only when the condition holds.
        var result = await Prometheus.WaitForAsync(condition, s => s.Count == 1, Timeout, "condition never held");

        Assert.Equal("api", result.Samples[0].Labels["job"]);
    }

    [RequiresToolTheory(Tools.Prometheus)]
    [InlineData("""http_requests_received_total{job="api",endpoint="/robots/{name}/drive",method="POST",code="200"}""")]
    [InlineData("""http_requests_received_total{job="api",endpoint="/robots/{name}/drive",method="POST",code="400"}""")]
    [InlineData("""http_requests_received_total{job="api",endpoint="/robots/{name}/servos/{index}",method="PUT",code="200"}""")]
    [InlineData("""http_request_duration_seconds_count{job="api",endpoint="/robots/{name}/eye",code="200"}""")]
    [InlineData("""http_requests_received_total{job="frontend",endpoint="/health",code="200"}""")]
    public async Task HttpMetrics_CarryRouteAndStatusCode(string selector)
    {
        var result = await Prometheus.WaitForAsync(selector, s => s.Count == 1 && s[0].Value >= 1, Timeout, "request not counted");

        Assert.True(result.Samples[0].Value >= 1);
    }

    [RequiresToolFact(Tools.Prometheus)]
    public async Task AlertRules_AreLoaded_AndDeadmanStopsRisingFires()
    {
        using var rules = await Prometheus.GetJsonAsync("api/v1/rules?type=alert");
        var names = rules.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("rules").EnumerateArray())
            .Select(r => r.GetProperty("name").GetString()!)
            .Order()
            .ToList();
        Assert.Equal(["ApiDown", "BackendDown", "DeadmanStopsRising", "GpioLatencyHigh"], names);

        // The sequence left Torvalds to its deadman four times: more than the rule's threshold of three.
        var firing = await Prometheus.WaitForAsync("""ALERTS{alertname="DeadmanStopsRising",alertstate="firing"}""",
            s => s.Count == 1, Timeout, "DeadmanStopsRising never fired");
        Assert.Equal("Torvalds", firing.Samples[0].Labels["robot"]);
        Assert.Equal("warning", firing.Samples[0].Labels["severity"]);

        // A healthy system raises neither outage alert. GpioLatencyHigh is left out on purpose: with a handful of
        // samples its p99 is the slowest single write (the first one pays for JIT), which says how busy the test
        // machine was, not whether the system is healthy; promtool's unit tests cover when it fires.
        var others = await Prometheus.QueryAsync("""ALERTS{alertname=~"ApiDown|BackendDown"}""");
        Assert.True(others.Samples.Count == 0, others.Body);
    }

    [RequiresToolFact(Tools.Prometheus)]
    public async Task ProcessMetrics_OfTheOriginalDashboard_AreScraped()
    {
        foreach (var job in new[] { "api", "frontend" })
        {
            var ram = await Prometheus.WaitForAsync($"process_working_set_bytes{{job=\"{job}\"}}", s => s.Count == 1 && s[0].Value > 0, Timeout, "no RAM");
            var cpu = await Prometheus.WaitForAsync($"process_cpu_seconds_total{{job=\"{job}\"}}", s => s.Count == 1 && s[0].Value > 0, Timeout, "no CPU");
            Assert.True(ram.Samples[0].Value > 1024 * 1024, ram.Samples[0].Value.ToString(CultureInfo.InvariantCulture));
            Assert.True(cpu.Samples[0].Value > 0);
        }
    }
}
