using System.Net.WebSockets;
using System.Text.Json;
using System.Diagnostics;
using DualRobot.Frontend.Operators;
using DualRobot.Frontend.RobotApi;

namespace DualRobot.Frontend.Control;

/// <summary>
/// The page's motion commands (drive, velocity, heartbeat) on one WebSocket, each relayed by the <see cref="CommandRelay"/>
/// like a <c>/control</c> request and answered with the api's status and body. A <c>fetch</c> costs the browser a new request through its network service, cookies and all, and the console
/// an authentication and antiforgery check every time; on the socket a command is one small message, so an operator's
/// key press reaches the robot sooner. Commands run concurrently, as separate requests would, and the signed-in
/// session is checked before each one: signing out (or its lifetime running out) ends the socket.
/// </summary>
/// <param name="json">The options <c>/control</c> binds its bodies with, so a body reads the same on either path.</param>
internal sealed class CommandSocket(
    WebSocket socket, HttpContext http, string sessionKey, OperatorSessionStore sessions, OperatorSessionEvents events, CommandRelay relay,
    JsonSerializerOptions json)
{
    /// <summary>Far above any command's size; a larger message closes the socket.</summary>
    public const int MaxMessageBytes = 4096;

    // A page holds at most one motion and one renewal per robot; more than this in flight is not the console's page.
    private const int MaxInFlight = 16;

    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly SemaphoreSlim _slots = new(MaxInFlight, MaxInFlight);
    private volatile bool _sessionEnded;

    public async Task RunAsync()
    {
        var aborted = http.RequestAborted;
        var buffer = new byte[MaxMessageBytes];
        var running = new List<Task>();
        try
        {
            while (!_sessionEnded)
            {
                var (length, type) = await ReceiveAsync(buffer, aborted);
                if (type == WebSocketMessageType.Close)
                {
                    break;
                }

                if (length < 0)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, $"A command is at most {MaxMessageBytes} bytes.", aborted);
                    break;
                }

                await _slots.WaitAsync(aborted);
                running.RemoveAll(task => task.IsCompleted);
                running.Add(HandleAsync(buffer.AsSpan(0, length).ToArray(), type, aborted));
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // The page went away: what it sent is still answered below, as far as the socket lets it.
        }

        await Task.WhenAll(running);
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await CloseQuietlyAsync();
        }
    }

    /// <summary>One whole message into the buffer; its length, or -1 when it does not fit.</summary>
    private async Task<(int Length, WebSocketMessageType Type)> ReceiveAsync(byte[] buffer, CancellationToken aborted)
    {
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                return (-1, WebSocketMessageType.Text);
            }

            var result = await socket.ReceiveAsync(buffer.AsMemory(length), aborted);
            length += result.Count;
            if (result.EndOfMessage || result.MessageType == WebSocketMessageType.Close)
            {
                return (length, result.MessageType);
            }
        }
    }

    private async Task HandleAsync(byte[] message, WebSocketMessageType type, CancellationToken aborted)
    {
        try
        {
            var (id, response) = type == WebSocketMessageType.Text
                ? await AnswerAsync(message)
                : (0, ApiResponse.Invalid(RequestFields.Body, "Not valid: a command is a JSON text message."));
            await _sending.WaitAsync(aborted);
            try
            {
                await socket.SendAsync(SocketReply.Write(id, response), WebSocketMessageType.Text, endOfMessage: true, aborted);
                if (_sessionEnded && socket.State == WebSocketState.Open)
                {
                    // The page answers the close, which ends the receive loop: nothing more is read from a signed-out page.
                    await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "The session has ended.", aborted);
                }
            }
            finally
            {
                _sending.Release();
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The page is gone; it cannot be told.
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<(long Id, ApiResponse Response)> AnswerAsync(byte[] message)
    {
        SocketCommand? command;
        try
        {
            command = JsonSerializer.Deserialize<SocketCommand>(message, json);
        }
        catch (JsonException exception)
        {
            return (0, Invalid(exception, typeof(SocketCommand)));
        }

        if (command is null)
        {
            return (0, ApiResponse.Invalid(RequestFields.Body, "Not valid: a command is a JSON object."));
        }

        if (!await SessionLiveAsync())
        {
            _sessionEnded = true;
            return (command.Id, ApiResponse.SessionEnded());
        }

        if (string.IsNullOrEmpty(command.Robot))
        {
            return (command.Id, ApiResponse.Invalid("robot", "Required: the robot the command is for."));
        }

        RelayedCommand relayed;
        try
        {
            if (Relayed(command.Command, command.Robot, command) is not { } known)
            {
                return (command.Id, command.Command is SocketCommand.Drive or SocketCommand.Velocity
                    ? ApiResponse.Invalid(RequestFields.Body, "Required: the command's body.")
                    : ApiResponse.Invalid("command", $"Not valid: one of {SocketCommand.Drive}, {SocketCommand.Velocity}, {SocketCommand.Heartbeat}."));
            }

            relayed = known;
        }
        catch (JsonException exception)
        {
            return (command.Id, Invalid(exception, BodyType(command.Command)));
        }

        ActivityContext.TryParse(command.Traceparent, null, out var action);
        return (command.Id, await relay.SendAsync(relayed, http.User, CommandSources.Script, http.RequestAborted, action, command.Deadline));
    }

    /// <summary>The motion commands the socket carries; null for another name, or a drive or velocity without a body.</summary>
    private RelayedCommand? Relayed(string? name, string robot, SocketCommand command) => name switch
    {
        SocketCommand.Drive when Body<DriveRequest>(command) is { } drive => RelayedCommand.Drive(robot, drive),
        SocketCommand.Velocity when Body<VelocityRequest>(command) is { } velocity => RelayedCommand.Velocity(robot, velocity),
        SocketCommand.Heartbeat => RelayedCommand.Heartbeat(robot, Body<HeartbeatRequest>(command)),
        _ => null,
    };

    private static Type BodyType(string? name) => name switch
    {
        SocketCommand.Drive => typeof(DriveRequest),
        SocketCommand.Velocity => typeof(VelocityRequest),
        _ => typeof(HeartbeatRequest),
    };

    private T? Body<T>(SocketCommand command) where T : class =>
        command.Body is { ValueKind: not JsonValueKind.Null } body ? body.Deserialize<T>(json) : null;

    private ApiResponse Invalid(JsonException exception, Type body)
    {
        var (field, message) = JsonFault.Of(exception, body, json);
        return ApiResponse.Invalid(field, message);
    }

    /// <summary>The session this socket was opened in still exists (nobody signed out of it) and is within its lifetime.</summary>
    private async Task<bool> SessionLiveAsync() =>
        await sessions.RetrieveAsync(sessionKey) is { } ticket && events.WithinLifetime(ticket.Properties);

    private async Task CloseQuietlyAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // Already gone.
        }
    }
}
