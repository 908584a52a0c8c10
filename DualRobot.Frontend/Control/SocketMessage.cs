using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using DualRobot.Frontend.RobotApi;

namespace DualRobot.Frontend.Control;

/// <summary>
/// One message of the command socket as read, as strictly as a <c>/control</c> body: the command it carries (with
/// the operator action it belongs to), or the 400 naming the field it is answered with instead.
/// </summary>
internal sealed record SocketMessage(long Id, RelayedCommand? Command, ApiResponse? Refusal, ActivityContext Action = default)
{
    /// <summary>A stop or the e-stop: it goes at once, ahead of every motion waiting on the socket.</summary>
    public bool IsStop { get; private init; }

    /// <summary>Whether this stop is for <paramref name="robot"/>'s motions: its own robot's, or every robot's (the e-stop).</summary>
    public bool Stops(string? robot) =>
        IsStop && (Command!.Robot is null || string.Equals(Command.Robot, robot, StringComparison.OrdinalIgnoreCase));

    public static SocketMessage Read(byte[] message, WebSocketMessageType type, JsonSerializerOptions json)
    {
        if (type != WebSocketMessageType.Text)
        {
            return Refused(0, RequestFields.Body, "Not valid: a command is a JSON text message.");
        }

        SocketCommand? command;
        try
        {
            command = JsonSerializer.Deserialize<SocketCommand>(message, json);
        }
        catch (JsonException exception)
        {
            return Refused(0, exception, typeof(SocketCommand), json);
        }

        if (command is null)
        {
            return Refused(0, RequestFields.Body, "Not valid: a command is a JSON object.");
        }

        ActivityContext.TryParse(command.Traceparent, null, out var action);
        try
        {
            return Relayed(command, json) is { } relayed
                ? new SocketMessage(command.Id, relayed.Command, null, action) { IsStop = relayed.IsStop }
                : Refused(command.Id, command);
        }
        catch (JsonException exception)
        {
            return Refused(command.Id, exception, BodyType(command.Command), json);
        }
    }

    /// <summary>The commands the socket carries; null for another name, or a command without what it needs.</summary>
    private static (RelayedCommand Command, bool IsStop)? Relayed(SocketCommand command, JsonSerializerOptions json) =>
        command switch
        {
            { Command: SocketCommand.EmergencyStop, Robot: null, Body: null or { ValueKind: JsonValueKind.Null } } => (RelayedCommand.EmergencyStop(), true),
            { Command: SocketCommand.EmergencyStop } => null,
            { Robot: null or "" } => null,
            { Command: SocketCommand.Drive } when Body<DriveRequest>(command, json) is { } drive => (RelayedCommand.Drive(command.Robot, drive), drive.IsStop),
            { Command: SocketCommand.Velocity } when Body<VelocityRequest>(command, json) is { } velocity => (RelayedCommand.Velocity(command.Robot, velocity), false),
            { Command: SocketCommand.Heartbeat } => (RelayedCommand.Heartbeat(command.Robot, Body<HeartbeatRequest>(command, json)), false),
            _ => null,
        };

    /// <summary>Why <see cref="Relayed"/> had no command for it: the first field that is missing, extra or unknown.</summary>
    private static SocketMessage Refused(long id, SocketCommand command) => command switch
    {
        { Command: SocketCommand.EmergencyStop, Robot: not null } =>
            Refused(id, "robot", "Not valid: the emergency stop stops every robot; it names none."),
        { Command: SocketCommand.EmergencyStop } => Refused(id, RequestFields.Body, "Not valid: the emergency stop takes no body."),
        { Robot: null or "" } => Refused(id, "robot", "Required: the robot the command is for."),
        { Command: SocketCommand.Drive or SocketCommand.Velocity } => Refused(id, RequestFields.Body, "Required: the command's body."),
        _ => Refused(id, "command",
            $"Not valid: one of {SocketCommand.Drive}, {SocketCommand.Velocity}, {SocketCommand.Heartbeat}, {SocketCommand.EmergencyStop}."),
    };

    private static Type BodyType(string? name) => name switch
    {
        SocketCommand.Drive => typeof(DriveRequest),
        SocketCommand.Velocity => typeof(VelocityRequest),
        _ => typeof(HeartbeatRequest),
    };

    private static T? Body<T>(SocketCommand command, JsonSerializerOptions json) where T : class =>
        command.Body is { ValueKind: not JsonValueKind.Null } body ? body.Deserialize<T>(json) : null;

    private static SocketMessage Refused(long id, JsonException exception, Type body, JsonSerializerOptions json)
    {
        var (field, message) = JsonFault.Of(exception, body, json);
        return Refused(id, field, message);
    }

    private static SocketMessage Refused(long id, string field, string message) => new(id, null, ApiResponse.Invalid(field, message));
}
