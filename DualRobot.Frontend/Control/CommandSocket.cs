using System.Net.WebSockets;
using System.Text.Json;
using DualRobot.Frontend.Operators;
using DualRobot.Frontend.RobotApi;

namespace DualRobot.Frontend.Control;

/// <summary>
/// The page's motion commands (drive, velocity, heartbeat, and the e-stop) on one WebSocket, each relayed by the
/// <see cref="CommandRelay"/> like a <c>/control</c> request and answered with the api's status and body. A
/// <c>fetch</c> costs the browser a new request through its network service, cookies and all, and the console an
/// authentication and antiforgery check every time; on the socket a command is one small message, so an operator's
/// key press reaches the robot sooner. Commands run concurrently, as separate requests would, in the order
/// <see cref="SocketCommandQueue"/> gives them (a stop never waits behind a motion), and the signed-in session is
/// checked before each one: signing out (or its lifetime running out) ends the socket.
/// <para>
/// The socket never waits on the page to end: on every close (an oversize message, the session's end, too much left
/// waiting, the console shutting down) the close frame must go and the page's answer come within
/// <see cref="CloseTimeout"/>, or the connection is dropped.
/// </para>
/// </summary>
/// <param name="json">The options <c>/control</c> binds its bodies with, so a body reads the same on either path.</param>
/// <param name="stopping">The console's shutdown: every open socket is closed with 1001 (going away), at once.</param>
internal sealed class CommandSocket(
    WebSocket socket, HttpContext http, string sessionKey, OperatorSessionStore sessions, OperatorSessionEvents events, CommandRelay relay,
    JsonSerializerOptions json, CancellationToken stopping)
{
    /// <summary>Far above any command's size; a larger message closes the socket.</summary>
    public const int MaxMessageBytes = 4096;

    /// <summary>Motions relayed at once, as many stops again; a page has at most one motion per robot in flight.</summary>
    public const int MaxInFlight = 16;

    /// <summary>Commands that may wait for a place in flight, and answers that may wait for the page to read them.</summary>
    public const int MaxWaiting = 1024;

    /// <summary>How long a close may take: the close frame going, and the page's answer to it coming.</summary>
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly SocketCommandQueue _queue = new(MaxInFlight, MaxWaiting);
    private readonly List<Task> _work = [];
    private readonly CancellationTokenSource _dropAfterClose = new();
    private Task? _closing;
    private int _unsent;

    public async Task RunAsync()
    {
        try
        {
            await ServeAsync();
        }
        finally
        {
            _dropAfterClose.Dispose();
        }
    }

    private async Task ServeAsync()
    {
        await using var drop = _dropAfterClose.Token.Register(socket.Abort);
        await using var shutdown = stopping.Register(() => CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "The console is shutting down."));
        var buffer = new byte[MaxMessageBytes];
        try
        {
            while (true)
            {
                var (length, type) = await ReceiveAsync(buffer, http.RequestAborted);
                if (type == WebSocketMessageType.Close)
                {
                    break;
                }

                if (Volatile.Read(ref _closing) is not null)
                {
                    continue; // after the close frame, only the page's answer to it is awaited
                }

                if (length < 0)
                {
                    Track(CloseAsync(WebSocketCloseStatus.MessageTooBig, $"A command is at most {MaxMessageBytes} bytes."));
                    continue;
                }

                Dispatch(SocketMessage.Read(buffer.AsSpan(0, length).ToArray(), type, json));
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The page went away, or did not answer the close in time: what is in flight is still answered, as far as the socket lets it.
        }

        _queue.Close();
        await WhenIdleAsync();
        await CloseAsync(WebSocketCloseStatus.NormalClosure, "");
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

    /// <summary>Hands a message to the queue without waiting for anything: the next one, perhaps a stop, is read at once.</summary>
    private void Dispatch(SocketMessage message)
    {
        if (message.Refusal is { } refusal)
        {
            Reply(message.Id, refusal);
            return;
        }

        var admission = _queue.Add(message);
        foreach (var superseded in admission.Superseded)
        {
            Reply(superseded.Id, ApiResponse.Superseded());
        }

        if (admission.Overflow)
        {
            Track(CloseAsync(WebSocketCloseStatus.PolicyViolation, $"More than {MaxWaiting} commands waiting."));
        }
        else if (admission.Start is { } start)
        {
            Track(RelayAsync(start));
        }
    }

    /// <summary>Relays the command, then each one that waited for its place in flight, until none waits.</summary>
    private async Task RelayAsync(SocketMessage first)
    {
        for (var message = first; message is not null; message = _queue.Done(message))
        {
            if (!await SessionLiveAsync())
            {
                // Nothing more is relayed for a signed-out page: its answer, then the close.
                await ReplyAsync(message.Id, ApiResponse.SessionEnded());
                await CloseAsync(WebSocketCloseStatus.PolicyViolation, "The session has ended.");
                continue;
            }

            var response = await relay.SendAsync(message.Command!, http.User, CommandSources.Script, http.RequestAborted, message.Action);
            Reply(message.Id, response);
        }
    }

    private void Reply(long id, ApiResponse response) => Track(ReplyAsync(id, response));

    private async Task ReplyAsync(long id, ApiResponse response)
    {
        if (Interlocked.Increment(ref _unsent) > MaxWaiting)
        {
            // The page does not read its answers: it is no page, and nothing more is written to it.
            Interlocked.Decrement(ref _unsent);
            await CloseAsync(WebSocketCloseStatus.PolicyViolation, $"More than {MaxWaiting} answers unread.");
            return;
        }

        try
        {
            await _sending.WaitAsync(http.RequestAborted);
            try
            {
                if (Volatile.Read(ref _closing) is null && socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await socket.SendAsync(SocketReply.Write(id, response), WebSocketMessageType.Text, endOfMessage: true, http.RequestAborted);
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
            Interlocked.Decrement(ref _unsent);
        }
    }

    /// <summary>
    /// Closes the socket once, however many ask: the close frame goes after the answer being written, if any, and the
    /// page must answer it, all within <see cref="CloseTimeout"/>, or the connection is dropped. The pending receive
    /// is left alone, to read the page's answer: cancelling it would drop the connection without a close frame.
    /// </summary>
    private Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        var start = new Task<Task>(() => SendCloseAsync(status, reason));
        var closing = start.Unwrap();
        if (Interlocked.CompareExchange(ref _closing, closing, null) is { } already)
        {
            return already;
        }

        _queue.Close();
        _dropAfterClose.CancelAfter(CloseTimeout);
        start.Start(TaskScheduler.Default);
        return closing;
    }

    private async Task SendCloseAsync(WebSocketCloseStatus status, string reason)
    {
        using var timeout = new CancellationTokenSource(CloseTimeout);
        try
        {
            await _sending.WaitAsync(timeout.Token);
            try
            {
                if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(status, reason, timeout.Token);
                }
            }
            finally
            {
                _sending.Release();
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            socket.Abort(); // the page is not reading: no close frame can reach it
        }
    }

    /// <summary>The session this socket was opened in still exists (nobody signed out of it) and is within its lifetime.</summary>
    private async Task<bool> SessionLiveAsync() =>
        await sessions.RetrieveAsync(sessionKey) is { } ticket && events.WithinLifetime(ticket.Properties);

    private void Track(Task task)
    {
        lock (_work)
        {
            if (_work.Count >= MaxInFlight)
            {
                _work.RemoveAll(done => done.IsCompleted);
            }

            _work.Add(task);
        }
    }

    /// <summary>Until every relay, answer and close this socket started has finished (each ends by itself, the relays within the api's timeout).</summary>
    private async Task WhenIdleAsync()
    {
        while (true)
        {
            Task[] pending;
            lock (_work)
            {
                _work.RemoveAll(done => done.IsCompleted);
                pending = [.. _work];
            }

            if (pending.Length == 0)
            {
                return;
            }

            await Task.WhenAll(pending);
        }
    }
}
