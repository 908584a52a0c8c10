using System.Text;
using DualRobot.Api.Recording;
using DualRobot.Api.Robots;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using static DualRobot.Tests.Recording.RecordingSamples;

namespace DualRobot.Tests.Recording;

/// <summary>The recorder's queue alone (no writer draining it): what a full queue does to the command path.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class FlightRecorderTests : IDisposable
{
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly RecordingMetrics _metrics;

    public FlightRecorderTests() => _metrics = new RecordingMetrics(Metrics.WithCustomRegistry(_registry));

    [Fact]
    public async Task Record_WithTheQueueFull_DropsAndCounts_WithoutWaiting_AndHealthIsDegraded()
    {
        var recorder = Recorder(new RecordingOptions { QueueCapacity = 16 });

        // Nothing drains the queue: were a full queue to wait, this would never return.
        var publishing = Task.Run(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                recorder.Record(State("Linus", Direction.Forward, version: i));
            }

            recorder.Record(Record(Noon, "Linus", RobotActions.Drive));
        });
        await publishing.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(16, recorder.Pending.Count);
        Assert.Equal(85, await Counter(RecordingMetrics.EntriesDroppedTotal));
        Assert.Contains("85", recorder.Problem);
        var health = await new RecordingHealthCheck(recorder).CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Degraded, health.Status);
    }

    [Fact]
    public async Task Record_WhenDisabled_QueuesNothing_AndCountsNothing()
    {
        var recorder = Recorder(new RecordingOptions { Enabled = false });

        recorder.Record(State("Linus", Direction.Forward));
        recorder.Record(Record(Noon, "Linus", RobotActions.Drive));

        Assert.Equal(0, recorder.Pending.Count);
        Assert.Equal(0, await Counter(RecordingMetrics.EntriesDroppedTotal));
        Assert.Null(recorder.Problem);
    }

    [Fact]
    public void AFloodOfOneRefusal_ReachesTheRecorderOnce_WhileAcceptedCommandsReachItEachTime()
    {
        var recorder = Recorder(new RecordingOptions { QueueCapacity = 10_000 });
        var trail = new DualRobot.Api.Audit.AuditTrail(
            new DualRobot.Api.Audit.AuditStore(Path.Combine(Path.GetTempPath(), "dualrobot-tests", $"never-written-{Guid.NewGuid():N}.db")),
            capacity: 10_000, TimeProvider.System, new DualRobot.Api.Audit.AuditMetrics(Metrics.WithCustomRegistry(_registry)),
            NullLogger<DualRobot.Api.Audit.AuditTrail>.Instance, recorder: recorder);

        for (var i = 0; i < 1_000; i++)
        {
            trail.Record("eve", "Linus", RobotActions.Drive, null, DualRobot.Api.Diagnostics.CommandOutcomes.InUse, "in use by alice");
        }

        trail.Record("alice", "Linus", RobotActions.Drive, null, DualRobot.Api.Diagnostics.CommandOutcomes.Accepted);
        trail.Record("alice", "Linus", RobotActions.Drive, null, DualRobot.Api.Diagnostics.CommandOutcomes.Accepted);

        // A client repeating a refused command cannot push everyone else's history out of the recordings' size cap.
        Assert.Equal(3, recorder.Pending.Count);
    }

    private FlightRecorder Recorder(RecordingOptions options) => new(
        new RecordingStore(new RecordingDatabase(Path.Combine(Path.GetTempPath(), "dualrobot-tests", $"never-written-{Guid.NewGuid():N}.db"))),
        options, TimeProvider.System, _metrics, NullLogger<FlightRecorder>.Instance);

    private async Task<double> Counter(string family)
    {
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream);
        var line = Encoding.UTF8.GetString(stream.ToArray()).Split('\n').Single(l => l.StartsWith(family + " ", StringComparison.Ordinal));
        return double.Parse(line[(family.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => _metrics.Dispose();
}
