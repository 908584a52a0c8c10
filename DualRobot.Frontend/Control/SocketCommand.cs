using System.Text.Json;

namespace DualRobot.Frontend.Control;

/// <summary>
/// One message on the command socket: <c>{"id":7,"command":"drive","robot":"Linus","body":{"direction":"forward"}}</c>.
/// The body is what the same command's <c>/control</c> route takes; the answer carries the id back.
/// </summary>
public sealed record SocketCommand(long Id = 0, string? Command = null, string? Robot = null, JsonElement? Body = null)
{
    public const string Drive = "drive";
    public const string Velocity = "velocity";
    public const string Heartbeat = "heartbeat";
}
