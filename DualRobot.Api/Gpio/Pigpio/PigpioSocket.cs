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
    // Small exchanges (a handful of commands) are encoded on the stack; bigger ones (replays, scripts) rent a buffer.
    private const int StackBufferBytes = 256;

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

    /// <summary>
    /// Writes every request, then reads every reply (all of them, so the stream stays in step). Replies that carry data
    /// (PROCP) have it copied to <paramref name="data"/>, <see cref="PigpioFraming.ScriptStatusSize"/> bytes per such
    /// request in request order.
    /// </summary>
    /// <exception cref="GpioBackendUnavailableException">Not open, timed out, broken or out of step (the socket is closed).</exception>
    public void Exchange(ReadOnlySpan<PigpioRequest> requests, Span<int> results, Span<byte> data)
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
            var requestSize = PigpioFraming.RequestSize(requests);
            var size = Math.Max(requestSize, PigpioFraming.MaxReplySize(requests));
            byte[]? rented = null;
            var buffer = size <= StackBufferBytes
                ? stackalloc byte[StackBufferBytes]
                : (rented = ArrayPool<byte>.Shared.Rent(size));
            buffer = buffer[..size];
            try
            {
                PigpioFraming.WriteRequests(requests, buffer);
                try
                {
                    SendAll(socket, buffer[..requestSize], started);
                    Interlocked.Increment(ref _roundTrips);
                    if (ReceiveReplies(socket, requests, buffer, results, data, started) is { } outOfStep)
                    {
                        // Out of step with the daemon: nothing later on this socket can be trusted.
                        Drop(socket, outOfStep, null);
                        throw new GpioBackendUnavailableException($"pigpiod at {host}:{port}: {outOfStep}.");
                    }
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException or TimeoutException)
                {
                    Drop(socket, ex is TimeoutException or SocketException { SocketErrorCode: SocketError.TimedOut }
                        ? $"no reply within {options.CommandTimeout}"
                        : ex.Message, ex);
                    throw new GpioBackendUnavailableException(
                        $"pigpiod at {host}:{port} did not answer {requests[0].Command.ToString().ToUpperInvariant()}: {ex.Message}", ex);
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

    /// <summary>Closes the socket now (the caller found the daemon in a state it cannot continue from).</summary>
    public void Abandon(string reason)
    {
        if (Volatile.Read(ref _socket) is { } socket)
        {
            Drop(socket, reason, null);
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
            ReceiveAtLeast(socket, frame, 0, frame.Length, started);
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

    /// <summary>
    /// Reads the reply to every request into <paramref name="buffer"/>, as much as has arrived at each receive (never more
    /// than the replies can be, since the daemon sends nothing unasked); returns why the stream is out of step, if it is.
    /// </summary>
    private string? ReceiveReplies(Socket socket, ReadOnlySpan<PigpioRequest> requests, Span<byte> buffer, Span<int> results, Span<byte> data, long started)
    {
        var received = 0;
        var offset = 0;
        var dataOffset = 0;
        for (var i = 0; i < requests.Length; i++)
        {
            received = ReceiveAtLeast(socket, buffer, received, offset + PigpioRequest.FrameSize, started);
            var (echoed, result) = PigpioFraming.ReadReply(buffer.Slice(offset, PigpioRequest.FrameSize));
            if (echoed != (uint)requests[i].Command)
            {
                return $"reply for command {echoed} while expecting {(uint)requests[i].Command}";
            }

            results[i] = result;
            offset += PigpioRequest.FrameSize;
            if (PigpioFraming.HasReplyData(requests[i].Command))
            {
                if (result > PigpioFraming.ScriptStatusSize)
                {
                    return $"{result} bytes of data for command {echoed}, at most {PigpioFraming.ScriptStatusSize} expected";
                }

                if (result > 0)
                {
                    received = ReceiveAtLeast(socket, buffer, received, offset + result, started);
                    buffer.Slice(offset, result).CopyTo(data[dataOffset..]);
                    offset += result;
                }

                dataOffset += PigpioFraming.ScriptStatusSize;
            }
        }

        return null;
    }

    private int ReceiveAtLeast(Socket socket, Span<byte> buffer, int received, int needed, long started)
    {
        while (received < needed)
        {
            socket.ReceiveTimeout = RemainingMilliseconds(started);
            var count = socket.Receive(buffer[received..], SocketFlags.None);
            if (count == 0)
            {
                throw new SocketException((int)SocketError.ConnectionReset);
            }

            received += count;
        }

        return received;
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
