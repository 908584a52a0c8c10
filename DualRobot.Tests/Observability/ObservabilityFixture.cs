using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace DualRobot.Tests.Observability;

/// <summary>
/// One AppHost (containers off) whose api and frontend export OTLP to two real receivers (Aspire Dashboard binaries:
/// one in the Aspire dashboard's place, one in Jaeger's) and are scraped every second by a real Prometheus, plus a
/// known command sequence sent to the api once Prometheus scrapes both. A missing tool leaves its part out and is
/// reported by <see cref="Tools.Require"/> in the tests that need it.
/// </summary>
public sealed class ObservabilityFixture : IAsyncLifetime
{
    public const string ApiKey = AppHostTesting.ApiKey;
    public const string OperatorPassword = AppHostTesting.OperatorPassword;

    /// <summary>Lease of the long drive: the api's maximum is raised to it so Linus keeps driving during the tests.</summary>
    public const int LongLeaseMs = 60_000;

    /// <summary>Deadman stops the sequence provokes on Torvalds: more than DeadmanStopsRising's threshold of 3.</summary>
    public const int DeadmanStops = 4;

    private readonly CancellationTokenSource _heartbeats = new();
    private Task _heartbeatLoop = Task.CompletedTask;

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>Stands in for the Aspire dashboard (OTEL_EXPORTER_OTLP_ENDPOINT); null without the binary.</summary>
    public OtlpReceiver? DashboardReceiver { get; private set; }

    /// <summary>Stands in for Jaeger (Jaeger__Endpoint); null without the binary.</summary>
    public OtlpReceiver? JaegerReceiver { get; private set; }

    /// <summary>Null when prometheus is not installed.</summary>
    public PrometheusServer? Prometheus { get; private set; }

    public Uri ApiAddress { get; private set; } = null!;

    public Uri FrontendAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (Tools.Check(Tools.AspireDashboard).Path is { } dashboard)
        {
            DashboardReceiver = await OtlpReceiver.StartAsync(dashboard);
            JaegerReceiver = await OtlpReceiver.StartAsync(dashboard);
        }

        var builder = await AppHostTesting.CreateAsync();
        if (DashboardReceiver is null || JaegerReceiver is null)
        {
            builder.WithoutOtlpExport();
        }
        else
        {
            ExportTo(builder, DashboardReceiver, JaegerReceiver);
        }

        var api = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "api");
        api.Annotations.Add(new EnvironmentCallbackAnnotation(context =>
            context.EnvironmentVariables["Control__MaxLeaseMs"] = LongLeaseMs.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        App = await builder.StartAsync();
        ApiAddress = App.GetEndpoint("api", "http");
        FrontendAddress = App.GetEndpoint("frontend", "http");

        if (Tools.Check(Tools.Prometheus).Path is { } prometheus)
        {
            Prometheus = PrometheusServer.Start(prometheus,
                new Dictionary<string, string> { ["api"] = ApiAddress.Authority, ["frontend"] = FrontendAddress.Authority },
                RepoFiles.Alerts);
            // Every series must have been scraped at its start value before the sequence changes it, or rate() and
            // increase() would miss the first increment.
            await Prometheus.WaitForTargetsUpAsync(expected: 2, TimeSpan.FromSeconds(60));
            await Prometheus.WaitForAsync("dualrobot_deadman_stops_total", s => s.Count >= 2, TimeSpan.FromSeconds(30),
                "robot series scraped at zero");
        }

        await RunCommandSequenceAsync();
    }

    /// <summary>Every project exports traces, logs and metrics over gRPC to the two receivers, quickly.</summary>
    private static void ExportTo(IDistributedApplicationTestingBuilder builder, OtlpReceiver dashboard, OtlpReceiver jaeger)
    {
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            project.Annotations.Add(new EnvironmentCallbackAnnotation(context =>
            {
                var env = context.EnvironmentVariables;
                env["OTEL_EXPORTER_OTLP_ENDPOINT"] = dashboard.OtlpGrpcEndpoint.ToString();
                env["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc";
                env.Remove("OTEL_EXPORTER_OTLP_HEADERS");
                env["Jaeger__Endpoint"] = jaeger.OtlpGrpcEndpoint.ToString();
                env["Jaeger__Protocol"] = "grpc";
                env["OTEL_BSP_SCHEDULE_DELAY"] = "200";
                env["OTEL_BLRP_SCHEDULE_DELAY"] = "200";
                env["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
                // A receiver starved of CPU by the rest of the suite may answer an export late; past the default
                // 10 s the exporter gives up on that batch and its spans are lost, so wait longer here.
                env["OTEL_EXPORTER_OTLP_TIMEOUT"] = "60000";
            }));
        }
    }

    public HttpClient CreateApiClient()
    {
        var client = new HttpClient { BaseAddress = ApiAddress, Timeout = TimeSpan.FromSeconds(15) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);

        // As the console's operator: the fixture's drives and the tests' console drives are one user's, so the
        // robot's control claim never refuses either.
        client.DefaultRequestHeaders.Add(OperatorHeaders.User, DualRobot.Tests.AppHost.AppHostFixture.OperatorName);
        return client;
    }

    public async Task<string> GetMetricsTextAsync(string resource)
    {
        using var client = new HttpClient { BaseAddress = resource == "api" ? ApiAddress : FrontendAddress };
        return await client.GetStringAsync("/metrics");
    }

    /// <summary>
    /// An e-stop and its release, four drives of Torvalds left to their deadman, then the state the tests expect:
    /// Linus forward at speed 0.5 (long lease, renewed by heartbeats), Torvalds's eye on, Linus's servo 0 at 30°,
    /// and one invalid drive (400).
    /// </summary>
    private async Task RunCommandSequenceAsync()
    {
        using var client = CreateApiClient();

        // First: the e-stop puts every robot into its safe state, which would undo the state set below.
        await ExpectAsync(client.PostAsync("/estop", null), HttpStatusCode.OK, "e-stop");
        await ExpectAsync(client.PostAsync("/estop/release", null), HttpStatusCode.OK, "e-stop release");

        for (var i = 0; i < DeadmanStops; i++)
        {
            await ExpectAsync(client.PostAsJsonAsync("/robots/Torvalds/drive", new { direction = "forward", leaseMs = 50 }),
                HttpStatusCode.OK, "short drive of Torvalds");
            await Eventually.True(async () =>
            {
                using var state = JsonDocument.Parse(await client.GetStringAsync("/robots/Torvalds"));
                return state.RootElement.GetProperty("motion").GetString() == "stop";
            }, () => "Torvalds was not stopped by its deadman", TimeSpan.FromSeconds(10), Eventually.ServerInterval);
        }

        await ExpectAsync(client.PostAsJsonAsync("/robots/Linus/drive", new { direction = "forward", speed = 0.5, leaseMs = LongLeaseMs }),
            HttpStatusCode.OK, "drive Linus forward");
        await ExpectAsync(client.PostAsJsonAsync("/robots/Torvalds/eye", new { state = "on" }), HttpStatusCode.OK, "Torvalds eye on");
        await ExpectAsync(client.PutAsJsonAsync("/robots/Linus/servos/0", new { angle = 30 }), HttpStatusCode.OK, "Linus servo 0 to 30");
        await ExpectAsync(client.PostAsJsonAsync("/robots/Linus/drive", new { direction = "sideways" }), HttpStatusCode.BadRequest, "invalid drive");

        _heartbeatLoop = HeartbeatLoopAsync(_heartbeats.Token);
    }

    private async Task HeartbeatLoopAsync(CancellationToken cancellation)
    {
        using var client = CreateApiClient();
        while (!cancellation.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(10), cancellation);
                using var _ = await client.PostAsJsonAsync("/robots/Linus/heartbeat", new { leaseMs = LongLeaseMs }, cancellation);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (HttpRequestException)
            {
                // The api is going away with the fixture.
            }
        }
    }

    private static async Task ExpectAsync(Task<HttpResponseMessage> send, HttpStatusCode expected, string what)
    {
        using var response = await send;
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException(
                $"{what}: expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    public async Task DisposeAsync()
    {
        await _heartbeats.CancelAsync();
        await _heartbeatLoop;
        Prometheus?.Dispose();
        await AppHostTesting.StopAndDisposeAsync(App);

        DashboardReceiver?.Dispose();
        JaegerReceiver?.Dispose();
        _heartbeats.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ObservabilityCollection : ICollectionFixture<ObservabilityFixture>
{
    public const string Name = "Observability";
}
