using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DualRobot.Api.Audit;
using DualRobot.Api.Robots;

namespace DualRobot.Api.Recording.Mcap;

/// <summary>
/// A session as an MCAP file that Foxglove opens as it is: JSON-encoded channels with Foxglove's well-known schemas
/// — the pose as <c>foxglove.PoseInFrame</c> on <c>/{robot}/pose</c> and as <c>foxglove.FrameTransform</c> on
/// <c>/tf</c> (frame <c>{robot}/odom</c> → <c>{robot}</c>), every event as <c>foxglove.Log</c> on <c>/events</c> (the
/// user as its name) — and the rest of each state on <c>/{robot}/state</c>. Written while the entries are read.
/// </summary>
public static class RecordingMcapExport
{
    public const string ContentType = "application/x-mcap";
    public const string Profile = "";
    public const string EventsTopic = "/events";
    public const string TransformsTopic = "/tf";
    public const string StateSchemaName = "dualrobot.RobotState";

    public static string PoseTopic(string robot) => $"/{robot}/pose";

    public static string StateTopic(string robot) => $"/{robot}/state";

    public static string ParentFrame(string robot) => $"{robot}/odom";

    public static async Task WriteAsync(Stream output, RecordingSession session, IAsyncEnumerable<RecordingEntry> entries, CancellationToken cancellationToken = default)
    {
        var mcap = new McapWriter(output, $"DualRobot.Api {typeof(RecordingMcapExport).Assembly.GetName().Version}", Profile);
        mcap.Start();
        var json = Encoding.UTF8;
        var pose = mcap.AddChannel(mcap.AddSchema(FoxgloveSchemas.PoseInFrameName, "jsonschema", json.GetBytes(FoxgloveSchemas.PoseInFrame)),
            PoseTopic(session.Robot), "json");
        var transform = mcap.AddChannel(mcap.AddSchema(FoxgloveSchemas.FrameTransformName, "jsonschema", json.GetBytes(FoxgloveSchemas.FrameTransform)),
            TransformsTopic, "json");
        var log = mcap.AddChannel(mcap.AddSchema(FoxgloveSchemas.LogName, "jsonschema", json.GetBytes(FoxgloveSchemas.Log)),
            EventsTopic, "json");
        var state = mcap.AddChannel(mcap.AddSchema(StateSchemaName, "jsonschema", json.GetBytes(StateSchema)),
            StateTopic(session.Robot), "json");

        var buffer = new ArrayBufferWriter<byte>(1024);
        using var writer = new Utf8JsonWriter(buffer);
        async ValueTask Write(ushort channel, ulong time, Action<Utf8JsonWriter> message)
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            message(writer);
            writer.Flush();
            await mcap.WriteMessageAsync(channel, time, buffer.WrittenMemory, cancellationToken);
        }

        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            var time = Nanoseconds(entry.Time);
            if (entry.State is { } recorded)
            {
                await Write(pose, time, w => WritePose(w, entry.Time, recorded));
                await Write(transform, time, w => WriteTransform(w, entry.Time, recorded));
                await Write(state, time, w => WriteState(w, entry, recorded));
            }
            else if (entry.Event is { } recordedEvent)
            {
                await Write(log, time, w => WriteLog(w, entry.Time, recordedEvent));
            }
        }

        await mcap.EndAsync(cancellationToken);
    }

    /// <summary>Nanoseconds since the Unix epoch, MCAP's log time.</summary>
    public static ulong Nanoseconds(DateTimeOffset time) => (ulong)(time - DateTimeOffset.UnixEpoch).Ticks * 100;

    private static void WritePose(Utf8JsonWriter w, DateTimeOffset time, RecordedState state)
    {
        w.WriteStartObject();
        WriteTimestamp(w, time);
        w.WriteString("frame_id", ParentFrame(state.Robot));
        w.WriteStartObject("pose");
        WritePosition(w, "position", state);
        WriteRotation(w, "orientation", state.Pose.Heading);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteTransform(Utf8JsonWriter w, DateTimeOffset time, RecordedState state)
    {
        w.WriteStartObject();
        WriteTimestamp(w, time);
        w.WriteString("parent_frame_id", ParentFrame(state.Robot));
        w.WriteString("child_frame_id", state.Robot);
        WritePosition(w, "translation", state);
        WriteRotation(w, "rotation", state.Pose.Heading);
        w.WriteEndObject();
    }

    private static void WriteState(Utf8JsonWriter w, RecordingEntry entry, RecordedState state)
    {
        w.WriteStartObject();
        WriteTimestamp(w, entry.Time);
        w.WriteString("robot", state.Robot);
        w.WriteNumber("version", state.Version);
        w.WriteString("motion", WireNames.Of(state.Motion));
        w.WriteNumber("left", state.Left);
        w.WriteNumber("right", state.Right);
        if (state.Speed is { } speed)
        {
            w.WriteNumber("speed", speed);
        }

        w.WriteNumber("x", state.Pose.X);
        w.WriteNumber("y", state.Pose.Y);
        w.WriteNumber("heading", state.Pose.Heading);
        w.WriteString("eye", WireNames.Of(state.Eye));
        w.WriteString("driver", state.Driver ?? "");
        w.WriteBoolean("emergencyStopLatched", state.EmergencyStopLatched);
        w.WriteBoolean("connected", state.Connected);
        w.WriteString("traceId", entry.TraceId ?? "");
        w.WriteEndObject();
    }

    private static void WriteLog(Utf8JsonWriter w, DateTimeOffset time, RecordedEvent recorded)
    {
        w.WriteStartObject();
        WriteTimestamp(w, time);
        w.WriteNumber("level", recorded.Action == RobotActions.EmergencyStop ? 4 : recorded.IsAccepted ? 2 : 3); // ERROR, INFO, WARNING
        w.WriteString("message", Describe(recorded));
        w.WriteString("name", recorded.User);
        w.WriteString("file", "");
        w.WriteNumber("line", 0);
        w.WriteEndObject();
    }

    /// <summary>e.g. <c>drive direction=forward speed=0.8 leaseMs=500: accepted</c>, or the outcome and what the caller was told.</summary>
    public static string Describe(RecordedEvent recorded)
    {
        var text = new StringBuilder(recorded.Action);
        foreach (var (key, value) in recorded.Parameters ?? new Dictionary<string, string>())
        {
            text.Append(CultureInfo.InvariantCulture, $" {key}={value}");
        }

        text.Append(": ").Append(recorded.Outcome);
        if (recorded.Detail is { } detail)
        {
            text.Append(" — ").Append(detail);
        }

        return text.ToString();
    }

    private static void WriteTimestamp(Utf8JsonWriter w, DateTimeOffset time)
    {
        var nanoseconds = Nanoseconds(time);
        w.WriteStartObject("timestamp");
        w.WriteNumber("sec", nanoseconds / 1_000_000_000);
        w.WriteNumber("nsec", nanoseconds % 1_000_000_000);
        w.WriteEndObject();
    }

    private static void WritePosition(Utf8JsonWriter w, string name, RecordedState state)
    {
        w.WriteStartObject(name);
        w.WriteNumber("x", state.Pose.X);
        w.WriteNumber("y", state.Pose.Y);
        w.WriteNumber("z", 0);
        w.WriteEndObject();
    }

    /// <summary>A turn of <paramref name="heading"/> radians about z, as a unit quaternion.</summary>
    private static void WriteRotation(Utf8JsonWriter w, string name, double heading)
    {
        w.WriteStartObject(name);
        w.WriteNumber("x", 0);
        w.WriteNumber("y", 0);
        w.WriteNumber("z", Math.Sin(heading / 2));
        w.WriteNumber("w", Math.Cos(heading / 2));
        w.WriteEndObject();
    }

    private const string StateSchema = """
        {"title":"dualrobot.RobotState","description":"A Dual Robot's published state, as the api recorded it","type":"object",
         "properties":{
          "timestamp":{"type":"object","title":"time","properties":{"sec":{"type":"integer","minimum":0},"nsec":{"type":"integer","minimum":0,"maximum":999999999}}},
          "robot":{"type":"string"},"version":{"type":"integer"},
          "motion":{"type":"string","enum":["stop","forward","backward","left","right","velocity"]},
          "left":{"type":"number","description":"applied left side value, -1..1"},"right":{"type":"number","description":"applied right side value, -1..1"},
          "speed":{"type":"number","description":"the drive's speed, on robots with speed control"},
          "x":{"type":"number","description":"m"},"y":{"type":"number","description":"m"},"heading":{"type":"number","description":"rad, counter-clockwise"},
          "eye":{"type":"string","enum":["off","on","blink"]},"driver":{"type":"string"},
          "emergencyStopLatched":{"type":"boolean"},"connected":{"type":"boolean"},"traceId":{"type":"string"}},
         "required":["timestamp","robot","version","motion","left","right","x","y","heading","eye","driver","emergencyStopLatched","connected","traceId"]}
        """;
}
