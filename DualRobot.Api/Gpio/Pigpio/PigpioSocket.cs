using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace DualRobot.Api.Gpio.Pigpio;

/// <summary>
/// The command socket to pigpiod and its exchanges. pigpiod answers strictly in order, one reply per request, so a
/// single lock keeps one exchange outstanding; several requests may go out in one write (pipelining) and cost one
/// network round trip. A timed-out, broken or out-of-step socket is closed at once (<paramref name="lost"/> is told)
/// and every command then fails fast with <see cref="GpioBackendUnavailableException"/> until
/// <see cref="OpenAsync"/> opens a new one. When to reopen is <see cref="PigpioConnection"/>'s business.
/// </summary>
internal sealed class PigpioSocket(string host, int port, PigpioOptions options, ILogger logger, Action lost) : IDisposable
{
    // Small exchanges (a handful of commands) are encoded on the stack; bigger replays rent a buffer.
    private const int StackBufferRequests = 8;

    private readonly SemaphoreSlim _lock = new(1, 1);
    private Socket? _socket;
    private long _roundTrips;

    /// <summary>Whether a socket is open now (commands can be attempted).</summary>
    public bool IsOpen => Volatile.Read(ref _socket) is not null;

    /// <summary>Write-then-read exchanges so far; a pipelined batch counts once.</summary>
    public long RoundTrips => Interlocked.Read(ref _roundTrips);

    /// <summary>Connects and completes the HWVER handshake; the socket counts as open only then.</summary>
    /// <exception cref="GpioBackendUnavailableException">Refused, unreachable, slower than the connect timeout, or silent to the handshake.</exception>
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            socket.Dispose();
            throw new GpioBackendUnavailableException(
                ex is OperationCanceledException
                    ? $"Connecting to pigpiod at {host}:{port} timed out after {options.ConnectTimeout}."
                    : $"Connecting to pigpiod at {host}:{port} failed: {ex.Message}",
                ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        Handshake(socket);
        Volatile.Write(ref _socket, socket);
    }

    /// <summary>Writes every request, then reads every reply (all of them, so the stream stays in step).</summary>
    /// <exception cref="GpioBackendUnavailableException">Not open, timed out, broken or out of step (the socket is closed).</exception>
    public void Exchange(ReadOnlySpan<PigpioRequest> requests, Span<int> results)
    {
        // Fail fast while disconnected: callers (HTTP requests, the deadman) must not queue behind a dead link.
        if (Volatile.Read(ref _socket) is null)
        {
            throw NotConnected();
        }

        var started = Stopwatch.GetTimestamp();
        if (!_lock.Wait(options.CommandTimeout))
        {
            throw new GpioBackendUnavailableException(
                $"pigpiod at {host}:{port}: another command held the socket longer than {options.CommandTimeout}.");
        }

        try
        {
            var socket = Volatile.Read(ref _socket) ?? throw NotConnected();
            var size = requests.Length * PigpioRequest.FrameSize;
            byte[]? rented = null;
            var buffer = requests.Length <= StackBufferRequests
                ? stackalloc byte[StackBufferRequests * PigpioRequest.FrameSize]
                : (rented = ArrayPool<byte>.Shared.Rent(size));
            buffer = buffer[..size];
            try
            {
                PigpioFraming.WriteRequests(requests, buffer);

                try
                {
                    SendAll(socket, buffer, started);
                    Interlocked.Increment(ref _roundTrips);
                    ReceiveAll(socket, buffer, started);
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException or TimeoutException)
                {
                    Drop(socket, ex is TimeoutException or SocketException { SocketErrorCode: SocketError.TimedOut }
                        ? $"no reply within {options.CommandTimeout}"
                        : ex.Message, ex);
                    throw new GpioBackendUnavailableException(
                        $"pigpiod at {host}:{port} did not answer {requests[0].Command.ToString().ToUpperInvariant()}: {ex.Message}", ex);
                }

                for (var i = 0; i < requests.Length; i++)
                {
                    var (echoed, result) = PigpioFraming.ReadReply(buffer.Slice(i * PigpioRequest.FrameSize, PigpioRequest.FrameSize));
                    if (echoed != (uint)requests[i].Command)
                    {
                        // Out of step with the daemon: nothing later on this socket can be trusted.
                        var reason = $"reply for command {echoed} while expecting {(uint)requests[i].Command}";
                        Drop(socket, reason, null);
                        throw new GpioBackendUnavailableException($"pigpiod at {host}:{port}: {reason}.");
                    }

                    results[i] = result;
                }
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Asks for the hardware revision before the socket counts as connected: a daemon that accepts connections but
    /// never answers (hung, or a packet-swallowing link) stays "not connected", so the loop backs off instead of
    /// connecting, timing out and reconnecting at once, and health shows the robot down rather than flapping.
    /// </summary>
    private void Handshake(Socket socket)
    {
        Span<byte> frame = stackalloc byte[PigpioRequest.FrameSize];
        PigpioFraming.WriteRequests([new PigpioRequest(PigpioCommand.Hwver, 0, 0)], frame);
        var started = Stopwatch.GetTimestamp();
        try
        {
            SendAll(socket, frame, started);
            ReceiveAll(socket, frame, started);
            if (PigpioFraming.ReadReply(frame).Echoed != (uint)PigpioCommand.Hwver)
            {
                throw new GpioBackendUnavailableException($"pigpiod at {host}:{port} answered HWVER with another command's reply.");
            }
        }
        catch (Exception ex) when (ex is SocketException or TimeoutException or GpioBackendUnavailableException)
        {
            socket.Dispose();
            throw ex as GpioBackendUnavailableException ?? new GpioBackendUnavailableException(
                $"pigpiod at {host}:{port} accepted the connection but did not answer HWVER within {options.CommandTimeout}: {ex.Message}", ex);
        }
    }

    private void SendAll(Socket socket, ReadOnlySpan<byte> data, long started)
    {
        while (!data.IsEmpty)
        {
            socket.SendTimeout = RemainingMilliseconds(started);
            var sent = socket.Send(data, SocketFlags.None);
            data = data[sent..];
        }
    }

    private void ReceiveAll(Socket socket, Span<byte> data, long started)
    {
        while (!data.IsEmpty)
        {
            socket.ReceiveTimeout = RemainingMilliseconds(started);
            var received = socket.Receive(data, SocketFlags.None);
            if (received == 0)
            {
                throw new SocketException((int)SocketError.ConnectionReset);
            }

            data = data[received..];
        }
    }

    private int RemainingMilliseconds(long started)
    {
        var remaining = options.CommandTimeout - Stopwatch.GetElapsedTime(started);
        if (remaining <= TimeSpan.Zero)
        {
            throw new TimeoutException($"no reply within {options.CommandTimeout}");
        }

        // 0 would mean "wait forever" to the socket, so never go below 1 ms.
        return Math.Max(1, (int)Math.Ceiling(remaining.TotalMilliseconds));
    }

    private bool Drop(Socket socket, string reason, Exception? exception)
    {
        if (Interlocked.CompareExchange(ref _socket, null, socket) != socket)
        {
            return false;
        }

        socket.Dispose();
        PigpioLog.ConnectionLost(logger, host, port, reason, exception);
        lost();
        return true;
    }

    public void ProbeIdle()
    {
        // Never wait for the lock: a busy socket is evidently alive, and its command has its own timeout.
        if (!_lock.Wait(0))
        {
            return;
        }

        try
        {
            var socket = Volatile.Read(ref _socket);
            if (socket is not null && socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0)
            {
                Drop(socket, "closed by the daemon", null);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            var socket = Volatile.Read(ref _socket);
            if (socket is not null)
            {
                Drop(socket, ex.Message, ex);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => Interlocked.Exchange(ref _socket, null)?.Dispose();

    private GpioBackendUnavailableException NotConnected() =>
        new($"pigpiod at {host}:{port} is not connected.");
}
