using System.Text.Json.Serialization;

namespace DualRobot.Api.Recording;

/// <summary>One line of a recording: a robot's state or an event (an audit record), at its time.</summary>
/// <param name="TraceId">The trace of the request or command that caused it (W3C, 32 hex digits); null for what the api
/// did by itself on a timer (pose updates while moving, deadman stops).</param>
public sealed record RecordingEntry(
    DateTimeOffset Time,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TraceId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RecordedState? State,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RecordedEvent? Event)
{
    public const string StateKind = "state";
    public const string EventKind = "event";

    /// <summary><see cref="StateKind"/> or <see cref="EventKind"/>.</summary>
    public string Kind => State is null ? EventKind : StateKind;
}
