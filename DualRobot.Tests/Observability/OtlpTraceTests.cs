using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using DualRobot.Api.Diagnostics;
using DualRobot.Tests.AppHost;

namespace DualRobot.Tests.Observability;

/// <summary>
/// Traces over real OTLP: the AppHost's services export to two Aspire Dashboard binaries, one where the Aspire
/// dashboard would be (OTEL_EXPORTER_OTLP_ENDPOINT) and one where Jaeger would be (Jaeger__Endpoint).
/// </summary>
[Collection(ObservabilityCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class OtlpTraceTests(ObservabilityFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [RequiresToolFact(Tools.AspireDashboard)]
    public async Task DriveCommand_YieldsOneTrace_DeliveredToBothReceivers()
    {
        Tools.Require(Tools.AspireDashboard);
        var dashboard = fixture.DashboardReceiver ?? throw new Xunit.Sdk.XunitException("The fixture did not start the OTLP receivers.");
        var jaeger = fixture.JaegerReceiver!;

        var traceId = await SendThroughFrontendAsync();

        foreach (var receiver in new[] { dashboard, jaeger })
        {
            var spans = await receiver.WaitForTraceAsync(traceId, IsComplete, Timeout);

            Assert.All(spans, s => Assert.Equal(traceId, s.TraceId));
            var drive = Assert.Single(spans, s => s.Name == RobotTelemetry.Spans.Drive);
            Assert.Equal("api", drive.Service);
            Assert.Equal("Linus", drive.Attributes[RobotTelemetry.Tags.Robot]);
            Assert.Equal("drive", drive.Attributes[RobotTelemetry.Tags.Action]);
            Assert.Equal("forward", drive.Attributes[RobotTelemetry.Tags.Direction]);
            Assert.Equal(ObservabilityFixture.LongLeaseMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                drive.Attributes[RobotTelemetry.Tags.LeaseMs]);
            Assert.Equal(CommandOutcomes.Accepted, drive.Attributes[RobotTelemetry.Tags.Outcome]);
            Assert.Equal("Simulated", drive.Attributes[RobotTelemetry.Tags.Backend]);

            var write = Assert.Single(spans, s => s.Name == RobotTelemetry.Spans.GpioWrite);
            Assert.Equal(drive.SpanId, write.ParentSpanId);
            Assert.Equal(string.Join(",", RobotSettings.LinusDirectionPins), write.Attributes[RobotTelemetry.Tags.Pins]);

            // One chain: the frontend's request → console.drive → its call to the api → the api's request → robot.drive.
            var server = Assert.Single(spans, s => s.SpanId == drive.ParentSpanId);
            Assert.Equal("api", server.Service);
            Assert.StartsWith("POST", server.Name, StringComparison.Ordinal);
            var console = Assert.Single(spans, s => s.Name == "console.drive");
            Assert.Equal("frontend", console.Service);
            Assert.Equal("Linus", console.Attributes["robot.name"]);
            var call = Assert.Single(spans, s => s.SpanId == server.ParentSpanId);
            Assert.Equal("frontend", call.Service);
            Assert.Equal(console.SpanId, call.ParentSpanId);
            var entry = Assert.Single(spans, s => s.SpanId == console.ParentSpanId);
            Assert.Equal("frontend", entry.Service);
            Assert.StartsWith("POST", entry.Name, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Every span of the chain has arrived. Each server span ends after the response is written, so it can travel in a
    /// later export batch than the spans inside it: wait for both, not only for the inner ones.
    /// </summary>
    private static bool IsComplete(IReadOnlyList<OtlpSpan> spans) =>
        spans.Any(s => s.Name == RobotTelemetry.Spans.Drive)
        && spans.Any(s => s.Name == RobotTelemetry.Spans.GpioWrite)
        && spans.Any(s => s.Service == "api" && s.Name.StartsWith("POST", StringComparison.Ordinal))
        && spans.Any(c => c.Name == "console.drive" && spans.Any(s => s.SpanId == c.ParentSpanId));

    /// <summary>Drives Linus through the console as the sequence left it (forward, 0.5, long lease), under a trace id of our own.</summary>
    private async Task<string> SendThroughFrontendAsync()
    {
        // Parallel tests often host the api in this process, with OpenTelemetry listening to HttpClient; then .NET
        // replaces the traceparent of outgoing requests unless the client opts out. One such host runs here on
        // purpose, so the trace id provably survives it instead of only when the scheduling happens to allow.
        using var tracingInThisProcess = new Apis.ApiFactory();
        tracingInThisProcess.CreateClient().Dispose();

        var traceId = ActivityTraceId.CreateRandom();
        using var client = await Frontend.OperatorSession.SignInAsync(
            fixture.FrontendAddress, AppHostFixture.OperatorName, ObservabilityFixture.OperatorPassword);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/control/Linus/drive")
        {
            Content = JsonContent.Create(new { direction = "forward", speed = 0.5, leaseMs = ObservabilityFixture.LongLeaseMs }),
        };
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return traceId.ToHexString();
    }
}
