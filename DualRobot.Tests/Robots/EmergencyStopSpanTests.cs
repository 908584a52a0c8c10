using System.Collections.Concurrent;
using System.Diagnostics;
using DualRobot.Api.Diagnostics;
using DualRobot.Tests.Apis;
using DualRobot.Tests.Support;

namespace DualRobot.Tests.Robots;

/// <summary>The e-stop is one <c>robot.estop</c> span, with every robot's safe state under it.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class EmergencyStopSpanTests : IDisposable
{
    private readonly ConcurrentBag<Activity> _spans = [];
    private readonly ActivityListener _listener;
    private readonly ApiFactory _api = new();

    public EmergencyStopSpanTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RobotTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Add,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public async Task EmergencyStop_IsOneSpan_WithEachRobotsSafeStateAsAChild()
    {
        using var client = _api.CreateAuthorizedClient();

        // Other tests in this process e-stop too, and the listener hears every api: this request names its own trace.
        var trace = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/estop");
        request.Headers.Add("traceparent", $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();

        var estop = Assert.Single(_spans, s => s.OperationName == RobotTelemetry.Spans.EmergencyStop && s.TraceId == trace);
        Assert.Equal(RobotTelemetry.EmergencyStopAction, estop.GetTagItem(RobotTelemetry.Tags.Action));
        var children = _spans.Where(c => c.ParentSpanId == estop.SpanId && c.OperationName == RobotTelemetry.Spans.SafeState);
        Assert.Equal(["Linus", "Torvalds"], children.Select(c => (string?)c.GetTagItem(RobotTelemetry.Tags.Robot)).Order());
        Assert.All(children, c => Assert.Equal("emergency stop", c.GetTagItem(RobotTelemetry.Tags.SafeStateReason)));
    }

    public void Dispose()
    {
        _api.Dispose();
        _listener.Dispose();
    }
}
