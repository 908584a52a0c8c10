using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace DualRobot.Api.Gpio.Pigpio;

/// <summary>
/// One command socket to pigpiod. pigpiod answers strictly in order, one reply per request, so a single lock keeps
/// one exchange outstanding; several requests may go out in one write (pipelining) and cost one network round trip.
/// A timed-out or broken socket is closed at once and every command then fails fast with
/// <see cref="GpioBackendUnavailableException"/> until the reconnect loop (<see cref="Start"/>) gets a new one.
/// </summary>
public sealed class PigpioConnection : IDisposable
{
    // Small exchanges (a handful of commands) are encoded on the stack; bigger replays rent a buffer.
    private const int StackBufferRequests = 8;

    private readonly PigpioOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly CancellationTokenSource _stopping = new();

    // Serialises Connected/Disconnected so handlers never see them out of order.
    private readonly Lock _eventGate = new();
    private bool _announced;

    private Socket? _socket;
    private Task? _loop;
    private long _roundTrips;
    private int _disposed;

    public PigpioConnection(string host, int port, PigpioOptions options, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();

        Host = host;
        Port = port;
        _options = options;
        _logger = logger;
    }

    /// <summary>
    /// Raised after a socket is established and before anything else is announced; handlers may send commands (to
    /// restore state). If a handler's command fails the connection is dropped and retried.
    /// </summary>
    public event EventHandler? Connected;

    /// <summary>Raised once when a connection announced by <see cref="Connected"/> is lost.</summary>
    public event EventHandler? Disconnected;

    public string Host { get; }

    public int Port { get; }

    /// <summary>Whether a socket is open now (commands can be attempted).</summary>
    public bool IsConnected => Volatile.Read(ref _socket) is not null;

    /// <summary>Write-then-read exchanges so far; a pipelined batch counts once. For benchmarks and tests.</summary>
    public long RoundTrips => Interlocked.Read(ref _roundTrips);

    /// <summary>Starts the background loop that connects, and reconnects with exponential back-off after a loss.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_loop is null)
        {
            _loop = Task.Run(() => RunAsync(_stopping.Token));
        }
    }

    /// <summary>
    /// Connects once (no-op when connected) and raises <see cref="Connected"/>.
    /// </summary>
    /// <exception cref="GpioBackendUnavailableException">Refused, unreachable, slower than the connect timeout, or silent to the handshake.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        await _connectGate.WaitAsync(linked.Token).ConfigureAwait(false);
        try
        {
            if (IsConnected)
            {
                return;
            }

            // An earlier loss may not be announced yet (no loop running); keep the event order lost-then-found.
            AnnounceDisconnected();

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(linked.Token);
            timeout.CancelAfter(_options.ConnectTimeout);
            try
            {
                await socket.ConnectAsync(Host, Port, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !linked.IsCancellationRequested))
            {
                socket.Dispose();
                throw new GpioBackendUnavailableException(
                    ex is OperationCanceledException
                        ? $"Connecting to pigpiod at {Host}:{Port} timed out after {_options.ConnectTimeout}."
                        : $"Connecting to pigpiod at {Host}:{Port} failed: {ex.Message}",
                    ex);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            Handshake(socket);
            Volatile.Write(ref _socket, socket);
            PigpioLog.Connected(_logger, Host, Port);
            AnnounceConnected();
        }
        finally
        {
            _connectGate.Release();
        }
    }

    /// <summary>Sends one command and returns its non-negative result.</summary>
    /// <exception cref="GpioBackendUnavailableException">Not connected, timed out or the socket broke.</exception>
    /// <exception cref="PigpioException">pigpiod answered with an error code.</exception>
    public int Execute(PigpioCommand command, uint p1 = 0, uint p2 = 0)
    {
        Span<int> result = stackalloc int[1];
        Execute([new PigpioRequest(command, p1, p2)], result);
        return result[0];
    }

    /// <summary>
    /// Sends every request in one write and then reads all replies: one round trip however many commands. All replies
    /// are read before any error is reported, so the stream stays in step.
    /// </summary>
    /// <exception cref="GpioBackendUnavailableException">Not connected, timed out or the socket broke.</exception>
    /// <exception cref="PigpioException">The first request pigpiod answered with an error code.</exception>
    public void Execute(ReadOnlySpan<PigpioRequest> requests, Span<int> results)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(results.Length, requests.Length, nameof(results));
        if (requests.IsEmpty)
        {
            return;
        }

        Exchange(requests, results);

        for (var i = 0; i < requests.Length; i++)
        {
            if (results[i] < 0)
            {
                throw new PigpioException(requests[i].Command, requests[i].P1, requests[i].P2, results[i]);
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        _wake.Release();
        try
        {
            // The loop only awaits cancellable waits, so it ends promptly; bounded anyway so Dispose never hangs.
            _loop?.Wait(_options.ConnectTimeout + _options.CommandTimeout);
        }
        catch (AggregateException)
        {
            // The loop's cancellation surfaces here; nothing to report.
        }

        var socket = Interlocked.Exchange(ref _socket, null);
        socket?.Dispose();
        _stopping.Dispose();
    }

    private void Exchange(ReadOnlySpan<PigpioRequest> requests, Span<int> results)
    {
        // Fail fast while disconnected: callers (HTTP requests, the deadman) must not queue behind a dead link.
        if (Volatile.Read(ref _socket) is null)
        {
            throw NotConnected();
        }

        var started = Stopwatch.GetTimestamp();
        if (!_lock.Wait(_options.CommandTimeout))
        {
            throw new GpioBackendUnavailableException(
                $"pigpiod at {Host}:{Port}: another command held the socket longer than {_options.CommandTimeout}.");
        }

        var dropped = false;
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
                    dropped = Drop(socket, ex is TimeoutException or SocketException { SocketErrorCode: SocketError.TimedOut }
                        ? $"no reply within {_options.CommandTimeout}"
                        : ex.Message, ex);
                    throw new GpioBackendUnavailableException(
                        $"pigpiod at {Host}:{Port} did not answer {requests[0].Command.ToString().ToUpperInvariant()}: {ex.Message}", ex);
                }

                for (var i = 0; i < requests.Length; i++)
                {
                    var (echoed, result) = PigpioFraming.ReadReply(buffer.Slice(i * PigpioRequest.FrameSize, PigpioRequest.FrameSize));
                    if (echoed != (uint)requests[i].Command)
                    {
                        // Out of step with the daemon: nothing later on this socket can be trusted.
                        var reason = $"reply for command {echoed} while expecting {(uint)requests[i].Command}";
                        dropped = Drop(socket, reason, null);
                        throw new GpioBackendUnavailableException($"pigpiod at {Host}:{Port}: {reason}.");
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
            if (dropped)
            {
                AnnounceDisconnected();
            }
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
                throw new GpioBackendUnavailableException($"pigpiod at {Host}:{Port} answered HWVER with another command's reply.");
            }
        }
        catch (Exception ex) when (ex is SocketException or TimeoutException or GpioBackendUnavailableException)
        {
            socket.Dispose();
            throw ex as GpioBackendUnavailableException ?? new GpioBackendUnavailableException(
                $"pigpiod at {Host}:{Port} accepted the connection but did not answer HWVER within {_options.CommandTimeout}: {ex.Message}", ex);
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
        var remaining = _options.CommandTimeout - Stopwatch.GetElapsedTime(started);
        if (remaining <= TimeSpan.Zero)
        {
            throw new TimeoutException($"no reply within {_options.CommandTimeout}");
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
        PigpioLog.ConnectionLost(_logger, Host, Port, reason, exception);
        _wake.Release();
        return true;
    }

    private void AnnounceConnected()
    {
        lock (_eventGate)
        {
            try
            {
                Connected?.Invoke(this, EventArgs.Empty);
            }
            catch (Exception ex) when (ex is not GpioBackendUnavailableException)
            {
                PigpioLog.ConnectionHandlerFailed(_logger, ex);
            }

            if (!IsConnected)
            {
                // A handler's command broke the new socket; report it like any failed connect so the loop retries.
                throw new GpioBackendUnavailableException($"pigpiod at {Host}:{Port} dropped the connection while state was restored.");
            }

            _announced = true;
        }
    }

    private void AnnounceDisconnected()
    {
        lock (_eventGate)
        {
            if (!_announced || IsConnected)
            {
                return;
            }

            _announced = false;
            try
            {
                Disconnected?.Invoke(this, EventArgs.Empty);
            }
            catch (Exception ex)
            {
                PigpioLog.ConnectionHandlerFailed(_logger, ex);
            }
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var delay = _options.ReconnectMinDelay;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (IsConnected)
                {
                    // pigpiod never speaks unprompted, so an idle socket that turns readable has been closed by the
                    // daemon. Checking between commands finds a restart even when nobody is sending.
                    await _wake.WaitAsync(_options.ReconnectMinDelay, stopping).ConfigureAwait(false);
                    ProbeIdleSocket();
                    AnnounceDisconnected();
                    continue;
                }

                AnnounceDisconnected();
                await ConnectAsync(stopping).ConfigureAwait(false);
                delay = _options.ReconnectMinDelay;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (GpioBackendUnavailableException ex)
            {
                PigpioLog.ConnectFailed(_logger, Host, Port, delay, ex);
                try
                {
                    await Task.Delay(delay, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectMaxDelay.Ticks));
            }
        }
    }

    private void ProbeIdleSocket()
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

    private GpioBackendUnavailableException NotConnected() =>
        new($"pigpiod at {Host}:{Port} is not connected.");
}
