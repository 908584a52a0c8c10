using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DualRobot.Tests.Frontend.Live;

/// <summary>
/// Stands in for an api whose <c>/robots/events</c> answers, sends a scripted number of events and then hangs with
/// the connection open: the case a closed connection or a refused one would not show.
/// </summary>
internal sealed class SilentEventStreamServer : IAsyncDisposable
{
    private const string StateJson =
        """{"name":"Linus","backend":"Simulated","connected":true,"motion":"stop","speed":null,"hasSpeedControl":true,"eye":"off","servos":[],"leaseRemainingMs":0,"emergencyStopLatched":false,"version":1}""";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<TcpClient> _connections = [];
    private readonly Task _accepting;

    public SilentEventStreamServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>Sends one keep-alive event on every open stream: the test decides when, on its own clock.</summary>
    public async Task SendKeepAliveAsync()
    {
        NetworkStream[] streams;
        lock (_connections)
        {
            streams = [.. _connections.Select(c => c.GetStream())];
        }

        foreach (var stream in streams)
        {
            await WriteAsync(stream, "event: keepalive\ndata:\n\n");
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
                lock (_connections)
                {
                    _connections.Add(client);
                }

                _ = ServeAsync(client.GetStream());
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ServeAsync(NetworkStream stream)
    {
        try
        {
            // Read the request head; its content does not matter.
            if (await RequestHead.ReadAsync(stream, _stopping.Token) is null)
            {
                return;
            }

            // No Content-Length and no chunking: the body runs until the connection closes, as a stream may.
            await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n");
            await WriteAsync(stream, $"event: state\ndata: {StateJson}\n\n");

            // Then nothing (but the keep-alives the test sends), with the connection left open, until the test ends.
            await Task.Delay(Timeout.Infinite, _stopping.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
        }
    }

    private Task WriteAsync(NetworkStream stream, string text) => stream.WriteAsync(Encoding.UTF8.GetBytes(text), _stopping.Token).AsTask();

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }
        }

        _stopping.Dispose();
    }
}
