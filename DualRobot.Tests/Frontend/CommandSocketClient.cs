using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using DualRobot.Frontend.Apis;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// The console's command socket as a page uses it, from a test: a session's cookies, the handshake from the console's
/// own origin, messages out and answers in. A hang guard bounds every wait for an answer; none is a measurement.
/// </summary>
internal static class CommandSocketClient
{
    /// <summary>How long a test waits for an answer or a close before it fails: a hang guard on a shared machine.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    /// <summary>Signs <paramref name="user"/> in through the sign-in form; the session's cookies.</summary>
    public static async Task<CookieContainer> SignInAsync(Uri console, string user, string password, HttpMessageHandler? handler = null)
    {
        var cookies = new CookieContainer();
        using var client = Client(console, cookies, handler);
        var token = await OperatorSession.SignInTokenAsync(client);
        using var response = await client.PostAsync("/Account/SignIn", OperatorSession.SignInForm(user, password, token));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return cookies;
    }

    /// <summary>A client with the session's cookies (<paramref name="handler"/>, if given, must be a <see cref="SocketsHttpHandler"/> to configure).</summary>
    public static HttpClient Client(Uri console, CookieContainer cookies, HttpMessageHandler? handler = null)
    {
        var sockets = handler as SocketsHttpHandler ?? new SocketsHttpHandler();
        sockets.CookieContainer = cookies;
        sockets.AllowAutoRedirect = false;
        return new HttpClient(sockets) { BaseAddress = console };
    }

    /// <summary>Opens the socket with the session's cookies, from <paramref name="origin"/> (default: the console's own).</summary>
    public static async Task<ClientWebSocket> ConnectAsync(Uri console, CookieContainer cookies, string? origin = null, Action<ClientWebSocketOptions>? configure = null, HttpMessageInvoker? invoker = null)
    {
        var socket = new ClientWebSocket();
        if (invoker is null)
        {
            socket.Options.Cookies = cookies;
        }

        socket.Options.SetRequestHeader("Origin", origin ?? $"{console.Scheme}://{console.Authority}");
        configure?.Invoke(socket.Options);
        try
        {
            var scheme = console.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
            await socket.ConnectAsync(new Uri($"{scheme}://{console.Authority}{CommandSocketApi.Path}"), invoker, CancellationToken.None);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static Task SendOnlyAsync(WebSocket socket, string message) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>Sends one message and reads the next answer.</summary>
    public static async Task<JsonElement> SendAsync(WebSocket socket, string message)
    {
        await SendOnlyAsync(socket, message);
        return await ReceiveAsync(socket);
    }

    /// <summary>The next answer on the socket; fails if a close comes instead.</summary>
    public static async Task<JsonElement> ReceiveAsync(WebSocket socket)
    {
        var (type, text) = await ReceiveMessageAsync(socket);
        Assert.True(type == WebSocketMessageType.Text, $"expected an answer, got {type} ({socket.CloseStatus} {socket.CloseStatusDescription})");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The next whole message, or the close (its type <see cref="WebSocketMessageType.Close"/>), within the hang guard.</summary>
    public static async Task<(WebSocketMessageType Type, string Text)> ReceiveMessageAsync(WebSocket socket)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        var buffer = new byte[16 * 1024];
        var length = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(length), guard.Token);
            length += result.Count;
        }
        while (!result.EndOfMessage);

        return (result.MessageType, Encoding.UTF8.GetString(buffer, 0, length));
    }
}
