using Microsoft.Extensions.Logging;

namespace DualRobot.Api.Gpio.Pigpio;

/// <summary>
/// A supervised link to pigpiod: the command socket (<see cref="PigpioSocket"/>, which fails fast while it is closed)
/// plus the loop (<see cref="Start"/>) that opens it, notices a daemon that closed it while idle, and reopens it with
/// <see cref="ReconnectBackoff"/> on the <see cref="TimeProvider"/>; and the <see cref="Connected"/> and
/// <see cref="Disconnected"/> events, each once per link, in order.
/// </summary>
public sealed class PigpioConnection : IDisposable
{
    private readonly PigpioOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly PigpioSocket _socket;
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly CancellationTokenSource _stopping = new();

    // Serialises Connected/Disconnected so handlers never see them out of order.
    private readonly Lock _eventGate = new();
    private bool _announced;

    private Task? _loop;
    private int _disposed;

    public PigpioConnection(string host, int port, PigpioOptions options, ILogger logger, TimeProvider? time = null)
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
        _time = time ?? TimeProvider.System;
        _socket = new PigpioSocket(host, port, options, logger, lost: () => _wake.Release());
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
    public bool IsConnected => _socket.IsOpen;

    /// <summary>Write-then-read exchanges so far; a pipelined batch counts once. For benchmarks and tests.</summary>
    public long RoundTrips => _socket.RoundTrips;

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

            await _socket.OpenAsync(linked.Token).ConfigureAwait(false);
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

    /// <inheritdoc cref="Execute(ReadOnlySpan{PigpioRequest}, Span{int}, Span{byte})"/>
    public void Execute(ReadOnlySpan<PigpioRequest> requests, Span<int> results) => Execute(requests, results, []);

    /// <summary>
    /// Sends every request in one write and then reads all replies: one round trip however many commands. All replies
    /// are read before any error is reported, so the stream stays in step. The data some replies carry (PROCP's) goes
    /// to <paramref name="data"/>, <see cref="PigpioFraming.ScriptStatusSize"/> bytes per such request, in order.
    /// </summary>
    /// <exception cref="GpioBackendUnavailableException">Not connected, timed out or the socket broke.</exception>
    /// <exception cref="PigpioException">The first request pigpiod answered with an error code.</exception>
    public void Execute(ReadOnlySpan<PigpioRequest> requests, Span<int> results, Span<byte> data)
    {
        Send(requests, results, data);
        for (var i = 0; i < requests.Length; i++)
        {
            if (results[i] < 0)
            {
                throw new PigpioException(requests[i].Command, requests[i].P1, requests[i].P2, results[i]);
            }
        }
    }

    /// <summary>
    /// As <see cref="Execute(ReadOnlySpan{PigpioRequest}, Span{int}, Span{byte})"/>, but leaves the results as the
    /// daemon gave them, error codes included, for a caller that expects some (a scan of script ids).
    /// </summary>
    /// <exception cref="GpioBackendUnavailableException">Not connected, timed out or the socket broke.</exception>
    public void Send(ReadOnlySpan<PigpioRequest> requests, Span<int> results, Span<byte> data)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(results.Length, requests.Length, nameof(results));
        if (requests.IsEmpty)
        {
            return;
        }

        var withData = 0;
        foreach (var request in requests)
        {
            withData += PigpioFraming.HasReplyData(request.Command) ? 1 : 0;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(data.Length, withData * PigpioFraming.ScriptStatusSize, nameof(data));
        try
        {
            _socket.Exchange(requests, results, data);
        }
        catch (GpioBackendUnavailableException)
        {
            // Announced after the socket's lock is free, so a Disconnected handler may send (and fail fast) at once.
            AnnounceDisconnected();
            throw;
        }
    }

    /// <summary>
    /// Closes the link and announces the loss, so the loop reconnects and the <see cref="Connected"/> handlers restore
    /// everything: for a daemon found in a state the client cannot carry on from (its watchdog script gone).
    /// </summary>
    public void Reset(string reason)
    {
        _socket.Abandon(reason);
        AnnounceDisconnected();
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

        _socket.Dispose();
        _stopping.Dispose();
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
        var backoff = new ReconnectBackoff(_options.ReconnectMinDelay, _options.ReconnectMaxDelay, _time);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (IsConnected)
                {
                    // pigpiod never speaks unprompted, so an idle socket that turns readable has been closed by the
                    // daemon. Checking between commands finds a restart even when nobody is sending.
                    await WaitForLossAsync(_options.ReconnectMinDelay, stopping).ConfigureAwait(false);
                    _socket.ProbeIdle();
                    AnnounceDisconnected();
                    continue;
                }

                AnnounceDisconnected();
                await ConnectAsync(stopping).ConfigureAwait(false);
                backoff.Reset();
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (GpioBackendUnavailableException ex)
            {
                PigpioLog.ConnectFailed(_logger, Host, Port, backoff.Delay, ex);
                if (!await backoff.WaitAsync(stopping).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
    }

    /// <summary>Until the socket reports a loss or <paramref name="period"/> passes on the TimeProvider.</summary>
    private async Task WaitForLossAsync(TimeSpan period, CancellationToken stopping)
    {
        using var tick = new CancellationTokenSource(period, _time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(tick.Token, stopping);
        try
        {
            await _wake.WaitAsync(either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            // The period passed: time for the idle probe.
        }
    }
}
