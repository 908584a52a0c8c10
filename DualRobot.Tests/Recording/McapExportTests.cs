using System.Net;
using System.Text.Json;
using DualRobot.Api.Recording.Mcap;

namespace DualRobot.Tests.Recording;

/// <summary>
/// <c>GET /recordings/{id}.mcap</c> read by the reference reader (npm <c>@mcap/core</c>): every CRC, the summary and the
/// statistics check out, and the poses it reads are the api's recorded poses. A session of a few simulated minutes,
/// so the file has several chunks.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class McapExportTests : IAsyncLifetime
{
    private const string Robot = "Linus";
    // Three minutes of arcs go far: an open floor, so the envelope never holds one back at the arena's edge.
    private readonly SimulatedDriving _driving = new(Safety.SafetySettings.OpenFloor(Robot));
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dualrobot-tests", $"mcap-{Guid.NewGuid():N}");
    private RecordingDocumentDto _recording = null!;
    private string _file = null!;

    public async Task InitializeAsync()
    {
        // Three minutes of arcs, a new velocity every 2 s: about 1,800 states and 90 events.
        for (var i = 0; i < 90; i++)
        {
            await _driving.Velocity(Robot, linear: Math.Round(0.2 + (i % 5 * 0.1), 2), angular: Math.Round((i % 7 - 3) * 0.1, 2), leaseMs: 3000);
            _driving.Run(TimeSpan.FromSeconds(2));
        }

        await _driving.Drive(Robot, "stop");
        var last = _driving.Api.Robot(Robot).GetState().Version;
        _recording = await _driving.Client.RecordedEventuallyAsync(Robot,
            d => d.States.Any(s => s.State.Version == last) && d.Events.Count() == 91);

        Directory.CreateDirectory(_directory);
        _file = Path.Combine(_directory, "session.mcap");
        using var response = await _driving.Client.GetAsync($"/recordings/{_recording.Session.Id}.mcap");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(RecordingMcapExport.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".mcap", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        await using var file = File.Create(_file);
        await response.Content.CopyToAsync(file);
    }

    [RequiresToolFact(Tools.McapReader)]
    public async Task Export_IsReadByTheReferenceReader_WithTheApisRecordedPoses()
    {
        var mcap = await ReferenceMcapReader.ReadAsync(_file);

        var states = _recording.States.ToList();
        Assert.True(mcap.Statistics.ChunkCount > 1, $"{mcap.Statistics.ChunkCount} chunk(s): the test means to cover several");
        Assert.Equal(states.Count * 3 + _recording.Events.Count(), mcap.Statistics.MessageCount);
        Assert.Equal(
            [("/Linus/pose", "foxglove.PoseInFrame"), ("/tf", "foxglove.FrameTransform"), ("/events", "foxglove.Log"), ("/Linus/state", "dualrobot.RobotState")],
            mcap.Channels.Select(c => (c.Topic, c.SchemaName)));
        Assert.All(mcap.Channels, c => Assert.Equal(("json", "jsonschema"), (c.MessageEncoding, c.SchemaEncoding)));

        var poses = mcap.Messages.Where(m => m.Topic == "/Linus/pose").ToList();
        Assert.Equal(states.Count, poses.Count);
        foreach (var ((time, state), message) in states.Zip(poses))
        {
            Assert.Equal(Nanoseconds(time), message.LogTime);
            var pose = message.Data.GetProperty("pose");
            Assert.Equal("Linus/odom", message.Data.GetProperty("frame_id").GetString());
            Assert.Equal(state.Pose.X, pose.GetProperty("position").GetProperty("x").GetDouble());
            Assert.Equal(state.Pose.Y, pose.GetProperty("position").GetProperty("y").GetDouble());
            var orientation = pose.GetProperty("orientation");
            var heading = 2 * Math.Atan2(orientation.GetProperty("z").GetDouble(), orientation.GetProperty("w").GetDouble());
            Assert.Equal(0, Math.IEEERemainder(heading - state.Pose.Heading, 2 * Math.PI), 9);
            Assert.Equal(Nanoseconds(time), Stamp(message.Data));
        }

        var transforms = mcap.Messages.Where(m => m.Topic == "/tf").ToList();
        Assert.Equal(poses.Select(p => p.Data.GetProperty("pose").GetProperty("position").GetRawText()),
            transforms.Select(t => t.Data.GetProperty("translation").GetRawText()));
        Assert.All(transforms, t => Assert.Equal(("Linus/odom", "Linus"),
            (t.Data.GetProperty("parent_frame_id").GetString(), t.Data.GetProperty("child_frame_id").GetString())));

        var logs = mcap.Messages.Where(m => m.Topic == "/events").ToList();
        Assert.Equal(_recording.Events.Select(e => (Nanoseconds(e.Time), e.Event.User, 2)),
            logs.Select(l => (l.LogTime, l.Data.GetProperty("name").GetString()!, l.Data.GetProperty("level").GetInt32())));
        Assert.StartsWith("velocity linear=0.2 angular=-0.3 leaseMs=3000: accepted", logs[0].Data.GetProperty("message").GetString());
        Assert.Equal(Enumerable.Range(0, logs.Count).Select(i => (long)i), logs.Select(l => l.Sequence));
    }

    [RequiresToolFact(Tools.McapReader)]
    public async Task ReferenceReader_RefusesTheExportWithOneByteChanged()
    {
        var bytes = await File.ReadAllBytesAsync(_file);
        var index = bytes.AsSpan().IndexOf("\"frame_id\""u8) + 2;  // inside the first pose message, in the first chunk
        bytes[index] ^= 0x20;
        var corrupt = Path.Combine(_directory, "corrupt.mcap");
        await File.WriteAllBytesAsync(corrupt, bytes);

        var result = await ReferenceMcapReader.RunAsync(corrupt);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("CRC", result.StandardError);
    }

    [RequiresToolFact(Tools.McapReader)]
    public async Task FoxgloveSchemas_AreThoseOfTheFoxgloveSchemasPackage()
    {
        var result = await ReferenceMcapReader.NodeAsync("""
            import { PoseInFrame, FrameTransform, Log } from "@foxglove/schemas/jsonschema.js";
            process.stdout.write(JSON.stringify({ PoseInFrame, FrameTransform, Log }));
            """);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var package = JsonDocument.Parse(result.StandardOutput);
        foreach (var (name, ours) in new[]
        {
            ("PoseInFrame", FoxgloveSchemas.PoseInFrame), ("FrameTransform", FoxgloveSchemas.FrameTransform), ("Log", FoxgloveSchemas.Log),
        })
        {
            using var shipped = JsonDocument.Parse(ours);
            Assert.True(JsonElement.DeepEquals(package.RootElement.GetProperty(name), shipped.RootElement), $"foxglove.{name} differs from @foxglove/schemas");
        }
    }

    private static string Nanoseconds(DateTimeOffset time) => RecordingMcapExport.Nanoseconds(time).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Stamp(JsonElement message)
    {
        var stamp = message.GetProperty("timestamp");
        return (stamp.GetProperty("sec").GetUInt64() * 1_000_000_000 + stamp.GetProperty("nsec").GetUInt64()).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        await _driving.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
