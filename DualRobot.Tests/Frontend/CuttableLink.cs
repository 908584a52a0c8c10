using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// A TCP relay between the browser and the console, on a loopback port of its own: <see cref="Cut"/> drops every
/// connection and refuses new ones, as a console that went away (or the network to it) would; <see cref="Restore"/>
/// listens again on the same port.
/// </summary>
internal sealed class CuttableLink : IAsyncDisposable
{
    private readonly Uri _target;
    private readonly ConcurrentDictionary<TcpClient, byte> _connections = new();
    private readonly Lock _gate = new();
    private TcpListener? _listener;
    private CancellationTokenSource _running = new();
    private Task _accepting = Task.CompletedTask;

    public CuttableLink(Uri target)
    {
        _target = target;
        Port = Network.FreeTcpPort();
        Restore();
    }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    /// <summary>Every connection dropped, new ones refused.</summary>
    public void Cut()
    {
        lock (_gate)
        {
            _running.Cancel();
            _listener?.Stop();
            _listener = null;
            foreach (var connection in _connections.Keys)
            {
                if (connection.Client is { } socket)
                {
                    socket.LingerState = new LingerOption(true, 0); // RST, as a lost peer
                }

                connection.Dispose();
            }

            _connections.Clear();
        }
    }

    /// <summary>Listening again on the same port.</summary>
    public void Restore()
    {
        lock (_gate)
        {
            if (_listener is not null)
            {
                return;
            }

            _running = new CancellationTokenSource();
            _listener = new TcpListener(IPAddress.Loopback, Port);
            _listener.Start();
            _accepting = AcceptAsync(_listener, _running.Token);
        }
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var browser = await listener.AcceptTcpClientAsync(cancellationToken);
                var console = new TcpClient();
                await console.ConnectAsync(_target.Host, _target.Port, cancellationToken);
                _connections[browser] = 0;
                _connections[console] = 0;
                _ = PipeAsync(browser, console, cancellationToken);
                _ = PipeAsync(console, browser, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task PipeAsync(TcpClient from, TcpClient to, CancellationToken cancellationToken)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), cancellationToken);
            to.Client?.Shutdown(SocketShutdown.Send);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException or ObjectDisposedException
                                          or InvalidOperationException)
        {
            _connections.TryRemove(to, out _);
            to.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Cut();
        await _accepting;
        _running.Dispose();
    }
}
