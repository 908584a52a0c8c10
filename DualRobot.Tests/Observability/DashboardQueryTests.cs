namespace DualRobot.Tests.Observability;

/// <summary>Every PromQL expression of the Grafana dashboard and of the alert rules, run through the real Prometheus.</summary>
[Collection(ObservabilityCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class DashboardQueryTests(ObservabilityFixture fixture)
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

    public static TheoryData<string, string> DashboardExpressions()
    {
        var data = new TheoryData<string, string>();
        foreach (var (panel, refId, expr) in PromQl.DashboardExpressions(PromQl.LoadDashboard(RepoFiles.Dashboard)))
        {
            data.Add($"{panel} [{refId}]", expr);
        }

        return data;
    }

    public static TheoryData<string, string> AlertExpressions()
    {
        var data = new TheoryData<string, string>();
        foreach (var (alert, expr) in PromQl.AlertExpressions(RepoFiles.Alerts))
        {
            data.Add(alert, expr);
        }

        return data;
    }

    [RequiresToolTheory(Tools.Prometheus)]
    [MemberData(nameof(DashboardExpressions))]
    public async Task DashboardExpression_ParsesAndReturnsData(string panel, string expr)
    {
        var query = PromQl.Substitute(expr);

        var (parses, body) = await Prometheus.FormatQueryAsync(query);
        Assert.True(parses, $"{panel}: '{query}' does not parse: {body}");
        await Prometheus.WaitForAsync(query, s => s.Count > 0, Timeout, $"{panel}: no data");
    }

    /// <summary>
    /// The exact rule must parse and evaluate; its left side (the comparison made "bool") must return data, which
    /// proves the metric names and labels exist. A healthy system does not fire BackendDown, ApiDown or
    /// GpioLatencyHigh; DeadmanStopsRising is provoked by the sequence and must return data as written.
    /// </summary>
    [RequiresToolTheory(Tools.Prometheus)]
    [MemberData(nameof(AlertExpressions))]
    public async Task AlertExpression_ParsesAndReturnsData(string alert, string expr)
    {
        var (parses, body) = await Prometheus.FormatQueryAsync(expr);
        Assert.True(parses, $"{alert}: '{expr}' does not parse: {body}");
        var exact = await Prometheus.QueryAsync(expr);
        Assert.True(exact.Status == "success", exact.Body);

        var probe = PromQl.ToBoolComparison(expr);
        Assert.NotEqual(expr, probe);
        await Prometheus.WaitForAsync(probe, s => s.Count > 0, Timeout, $"{alert}: its series have no data");

        if (alert == "DeadmanStopsRising")
        {
            await Prometheus.WaitForAsync(expr, s => s.Count > 0, Timeout, $"{alert}: not triggered by the sequence");
        }
    }
}
