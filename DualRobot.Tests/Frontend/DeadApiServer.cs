using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// An api that died behind a proxy (Aspire's, a Kubernetes Service): its live stream sends the robots' states once
/// and ends as the api dies; from then on the proxy takes every connection and nothing ever answers. Every request
/// line is recorded, so a test sees what the console asked of a dead api.
/// </summary>
internal sealed class DeadApiServer : IAsyncDisposable
{
    private const string Linus =
        """{"name":"Linus","backend":"Simulated","connected":true,"motion":"forward","speed":1,"hasSpeedControl":true,"eye":"off","servos":[],"leaseRemainingMs":400,"emergencyStopLatched":false,"version":3,"left":1,"right":1,"pose":{"x":0,"y":0,"heading":0},"estimated":false,"arena":{"width":4,"height":4}}""";

    private const string Torvalds =
        """{"name":"Torvalds","backend":"Simulated","connected":true,"motion":"stop","speed":null,"hasSpeedControl":false,"eye":"off","servos":[],"leaseRemainingMs":0,"emergencyStopLatched":false,"version":2,"left":0,"right":0,"pose":{"x":0,"y":0,"heading":0},"estimated":false,"arena":{"width":4,"height":4}}""";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<TcpClient> _connections = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly Task _accepting;
    private int _streams;

    public DeadApiServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>Every request line that reached it ("GET /robots HTTP/1.1"), in order.</summary>
    public IReadOnlyCollection<string> Requests => _requests;

    /// <summary>Whether the api "died": its one live stream ended.</summary>
    public bool Died => Volatile.Read(ref _streams) > 0;

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
                _connections.Enqueue(client);
                _ = ServeAsync(client);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            if (await RequestHead.ReadAsync(stream, _stopping.Token) is not { } head)
            {
                return;
            }

            var line = head[..head.IndexOf("\r\n", StringComparison.Ordinal)];
            _requests.Enqueue(line);
            if (line.StartsWith("GET /robots/events ", StringComparison.Ordinal) && Interlocked.Increment(ref _streams) == 1)
            {
                // The one answer it ever gives: the states, then the stream ends as the process dies.
                await stream.WriteAsync(Encoding.UTF8.GetBytes(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
                    + $"event: state\ndata: {Linus}\n\nevent: state\ndata: {Torvalds}\n\n"), _stopping.Token);
                client.Close();
                return;
            }

            // Dead behind the proxy: the connection is taken, and nothing answers.
            await Task.Delay(Timeout.Infinite, _stopping.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        while (_connections.TryDequeue(out var connection))
        {
            connection.Dispose();
        }

        _stopping.Dispose();
    }
}
