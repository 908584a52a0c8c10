using System.Text.Json.Nodes;

namespace DualRobot.Tests.Observability;

/// <summary>Static checks of the Grafana dashboard's JSON (its queries run against Prometheus in DashboardQueryTests).</summary>
[Trait(Tier.Name, Tier.Delivery)]
public sealed class DashboardJsonTests
{
    private readonly JsonObject _dashboard = PromQl.LoadDashboard(RepoFiles.Dashboard);

    [Fact]
    public void Dashboard_IsModernAndProvisionable()
    {
        Assert.True((int)_dashboard["schemaVersion"]! >= 39);
        Assert.Equal("dual-robot", (string)_dashboard["uid"]!);
        Assert.Null(_dashboard["id"]);
        Assert.Null(_dashboard["__inputs"]);
    }

    [Fact]
    public void Datasources_AreTemplateVariables_NeverHardCodedUids()
    {
        var variables = _dashboard["templating"]!["list"]!.AsArray().OfType<JsonObject>().ToDictionary(v => (string)v["name"]!);
        Assert.Equal("datasource", (string)variables["datasource"]["type"]!);
        Assert.Equal("prometheus", (string)variables["datasource"]["query"]!);
        Assert.Equal("datasource", (string)variables["jaeger_datasource"]["type"]!);
        Assert.Equal("jaeger", (string)variables["jaeger_datasource"]["query"]!);

        var references = new List<JsonObject>();
        Collect(_dashboard, references);
        Assert.NotEmpty(references);
        foreach (var reference in references)
        {
            var (type, uid) = ((string?)reference["type"], (string?)reference["uid"]);
            var expected = type switch
            {
                "prometheus" => "${datasource}",
                "jaeger" => "${jaeger_datasource}",
                "grafana" => "-- Grafana --",
                _ => throw new Xunit.Sdk.XunitException($"Unexpected datasource {reference.ToJsonString()}"),
            };
            Assert.Equal(expected, uid);
        }
    }

    [Theory]
    // The original dashboard's panels, ported to prometheus-net's names.
    [InlineData("Requests per second", "http_requests_received_total", "reqps")]
    [InlineData("Average response time", "http_request_duration_seconds_sum", "s")]
    [InlineData("Successful (2xx) requests per second", "code=~\"2..\"", "reqps")]
    [InlineData("Memory (working set)", "process_working_set_bytes", "bytes")]
    [InlineData("CPU usage", "rate(process_cpu_seconds_total", "percentunit")]
    [InlineData("Scrape targets up", "up{", "none")]
    // The robots.
    [InlineData("Commands per second by robot, action and outcome", "dualrobot_commands_total", "reqps")]
    [InlineData("GPIO write latency p50 / p99", "histogram_quantile(0.99, sum by (le, backend) (rate(dualrobot_gpio_write_duration_seconds_bucket", "s")]
    [InlineData("Deadman stops (in range)", "dualrobot_deadman_stops_total", "none")]
    [InlineData("Emergency stop", "dualrobot_emergency_stop_latched", "none")]
    [InlineData("Emergency stops (in range)", "dualrobot_emergency_stops_total", "none")]
    [InlineData("Backend connected", "dualrobot_backend_connected", "none")]
    [InlineData("Current motion", "dualrobot_robot_motion", "none")]
    [InlineData("Speed", "dualrobot_robot_speed", "percentunit")]
    [InlineData("Eye", "dualrobot_robot_eye", "none")]
    [InlineData("Servo angles", "dualrobot_robot_servo_angle_degrees", "degree")]
    public void Panel_QueriesItsMetric_WithTheRightUnit(string title, string exprFragment, string unit)
    {
        var panel = Assert.Single(PromQl.Panels(_dashboard), p => (string?)p["title"] == title);

        var exprs = panel["targets"]!.AsArray().Select(t => (string?)t!["expr"]).ToList();
        Assert.Contains(exprs, e => e is not null && e.Contains(exprFragment, StringComparison.Ordinal));
        Assert.Equal(unit, (string?)panel["fieldConfig"]!["defaults"]!["unit"]);
    }

    [Fact]
    public void GpioLatencyPanel_ShowsP50AndP99()
    {
        var panel = Assert.Single(PromQl.Panels(_dashboard), p => (string?)p["title"] == "GPIO write latency p50 / p99");
        var exprs = panel["targets"]!.AsArray().Select(t => (string)t!["expr"]!).ToList();

        Assert.Contains(exprs, e => e.StartsWith("histogram_quantile(0.5,", StringComparison.Ordinal));
        Assert.Contains(exprs, e => e.StartsWith("histogram_quantile(0.99,", StringComparison.Ordinal));
    }

    [Fact]
    public void JaegerPanel_SearchesTheApisDriveSpans()
    {
        var panel = Assert.Single(PromQl.Panels(_dashboard), p => (string?)p["datasource"]?["type"] == "jaeger");
        var target = Assert.Single(panel["targets"]!.AsArray())!.AsObject();

        Assert.Equal("search", (string?)target["queryType"]);
        Assert.Equal("api", (string?)target["service"]);
        Assert.Equal(DualRobot.Api.Diagnostics.RobotTelemetry.Spans.Drive, (string?)target["operation"]);
    }

    [Fact]
    public void Panels_HaveUniqueIds_AndFitTheGrid()
    {
        var panels = PromQl.Panels(_dashboard).ToList();

        Assert.Equal(panels.Count, panels.Select(p => (int)p["id"]!).Distinct().Count());
        Assert.All(panels, p => Assert.InRange((int)p["gridPos"]!["x"]! + (int)p["gridPos"]!["w"]!, 1, 24));
        Assert.All(PromQl.DashboardExpressions(_dashboard), e => PromQl.Substitute(e.Expr));
    }

    private static void Collect(JsonNode? node, List<JsonObject> datasources)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key == "datasource" && value is JsonObject ds)
                    {
                        datasources.Add(ds);
                    }
                    else if (key == "datasource" && value is JsonValue)
                    {
                        throw new Xunit.Sdk.XunitException($"A datasource given by name: {value.ToJsonString()}");
                    }
                    else
                    {
                        Collect(value, datasources);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, datasources);
                }

                break;
        }
    }
}
