using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using DualRobot.Api.Diagnostics;
using DualRobot.Tests.AppHost;

namespace DualRobot.Tests.Observability;

/// <summary>
/// The trace list shows actuations, not noise: static files and successful heartbeats make no trace (not sampled: not
/// traced at all), while refused heartbeats and the api's own deadman stops do. Checked at a real OTLP receiver.
/// </summary>
[Collection(ObservabilityCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class QuietTraceTests(ObservabilityFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [RequiresToolFact(Tools.AspireDashboard)]
    public async Task StaticFilesAndHeartbeats_MakeNoTraces_WhileADriveStillMakesOne()
    {
        var receiver = Receiver();
        using var console = await Frontend.OperatorSession.SignInAsync(
            fixture.FrontendAddress, AppHostFixture.OperatorName, ObservabilityFixture.OperatorPassword);
        using var api = fixture.CreateApiClient();

        // Each request carries a sampled trace id of its own, as a browser's or a traced caller's would.
        var quiet = new List<string>
        {
            await SendAsync(console, HttpMethod.Get, "/css/site.css", null, HttpStatusCode.OK),
            await SendAsync(console, HttpMethod.Get, "/js/console.js", null, HttpStatusCode.OK),
            await SendAsync(console, HttpMethod.Post, "/control/Linus/heartbeat", new { leaseMs = ObservabilityFixture.LongLeaseMs }, HttpStatusCode.OK),
            await SendAsync(api, HttpMethod.Post, "/robots/Linus/heartbeat", new { leaseMs = ObservabilityFixture.LongLeaseMs }, HttpStatusCode.OK),
        };

        // A drive sent after them: once its trace has arrived, theirs would have too (each service exports in order).
        var drive = await SendAsync(console, HttpMethod.Post, "/control/Linus/drive",
            new { direction = "forward", speed = 0.5, leaseMs = ObservabilityFixture.LongLeaseMs }, HttpStatusCode.OK);
        await receiver.WaitForTraceAsync(drive, spans =>
            spans.Any(s => s.Service == "api" && s.Name == RobotTelemetry.Spans.Drive)
            && spans.Any(s => s.Service == "frontend" && s.Name == "console.drive"), Timeout);

        foreach (var traceId in quiet)
        {
            using var response = await receiver.Client.GetAsync($"api/telemetry/traces/{traceId}");
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"trace {traceId} exists: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [RequiresToolFact(Tools.AspireDashboard)]
    public async Task RefusedHeartbeat_IsTracedByTheConsole()
    {
        var receiver = Receiver();
        using var console = await Frontend.OperatorSession.SignInAsync(
            fixture.FrontendAddress, AppHostFixture.OperatorName, ObservabilityFixture.OperatorPassword);

        // No such robot: the api answers 404, a refusal the console passes on.
        await SendAsync(console, HttpMethod.Post, "/control/Nobody/heartbeat", new { }, HttpStatusCode.NotFound);

        var span = await WaitForSpanAsync(receiver, s => s.Service == "frontend" && s.Name == "console.heartbeat"
            && s.Attributes.GetValueOrDefault("robot.name") == "Nobody");
        Assert.Null(span.ParentSpanId);
        Assert.Equal("404", span.Attributes["http.response.status_code"]);
    }

    [RequiresToolFact(Tools.AspireDashboard)]
    public async Task DeadmanStops_StayTraced()
    {
        var receiver = Receiver();

        // The fixture's sequence leaves four drives of Torvalds to their deadman.
        var span = await WaitForSpanAsync(receiver, s => s.Service == "api" && s.Name == RobotTelemetry.Spans.Deadman
            && s.Attributes.GetValueOrDefault(RobotTelemetry.Tags.Robot) == "Torvalds");
        Assert.Null(span.ParentSpanId);
    }

    private OtlpReceiver Receiver()
    {
        Tools.Require(Tools.AspireDashboard);
        return fixture.DashboardReceiver ?? throw new Xunit.Sdk.XunitException("The fixture did not start the OTLP receivers.");
    }

    private static async Task<string> SendAsync(HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var response = await client.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
        return traceId;
    }

    private static async Task<OtlpSpan> WaitForSpanAsync(OtlpReceiver receiver, Func<OtlpSpan, bool> match)
    {
        OtlpSpan? found = null;
        await Eventually.True(async () =>
        {
            found = OtlpSpan.Parse(await receiver.Client.GetStringAsync("api/telemetry/traces")).FirstOrDefault(match);
            return found is not null;
        }, () => "no matching span arrived", Timeout, Eventually.ServerInterval);
        return found!;
    }
}
