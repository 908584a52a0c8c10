using System.Text.Json;

namespace DualRobot.Frontend.Control;

/// <summary>
/// One message on the command socket:
/// <c>{"id":7,"command":"drive","robot":"Linus","body":{"direction":"forward"},"traceparent":"00-…-01"}</c>.
/// The body is what the same command's <c>/control</c> route takes; the answer carries the id back. The optional
/// traceparent names the operator action the command belongs to (a hold, from press to release), as a request's
/// header would: its spans join that action's trace. <c>{"id":8,"command":"estop"}</c> is the emergency stop, for
/// every robot: no robot, no body.
/// </summary>
public sealed record SocketCommand(long Id = 0, string? Command = null, string? Robot = null, JsonElement? Body = null, string? Traceparent = null)
{
    public const string Drive = "drive";
    public const string Velocity = "velocity";
    public const string Heartbeat = "heartbeat";
    public const string EmergencyStop = "estop";
}
