using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace DualRobot.TestSupport.PigpioEmulator;

/// <summary>
/// A pigpiod-compatible daemon on 127.0.0.1 (an ephemeral port) that real clients (<c>pigs</c>, python3-pigpio,
/// gpiozero) and our driver talk to. Pins live in memory; tests read them back, see every request, and inject faults:
/// a daemon stop/restart (with or without a pin reset), slow replies, and requests that are never answered. It stores
/// and runs pigpio scripts (<see cref="Scripts"/>), and tells a script's pin commands from a client's
/// (<see cref="ScriptCommands"/>). BCL only, so benchmarks can use it too.
/// </summary>
public sealed class PigpioEmulator : IAsyncDisposable, IDisposable
{
    // A request's extension (a script's text, a run's parameters) is capped well above anything pigpio accepts.
    private const int MaxExtension = 1 << 16;

    private readonly EmulatorPinBank _pins = new();
    private readonly EmulatorScripts _scripts;
    private readonly EmulatorLog<PigpioEmulatorScriptCommand> _scriptCommands = new();
    private readonly ConcurrentDictionary<int, Socket> _clients = new();
    private readonly EmulatorLog<PigpioEmulatorRequest> _requests = new();
    private readonly List<LevelWaiter> _waiters = [];
    private readonly Lock _lifecycle = new();
    private Socket? _listener;
    private CancellationTokenSource _running = new();
    private Task _acceptLoop = Task.CompletedTask;
    private int _nextConnectionId;
    private long _requestCount;
    private long _replyDelayTicks;
    private volatile bool _swallowRequests;
    private bool _disposed;

    /// <summary>Starts listening on 127.0.0.1 with a port chosen by the system (see <see cref="Port"/>).</summary>
    public PigpioEmulator()
    {
        _scripts = new EmulatorScripts(_pins, OnScriptCommand);
        Listen(0);
    }

    /// <summary>Raised (on a socket thread, outside any lock) whenever a pin's level changes.</summary>
    public event EventHandler<PinLevelChangedEventArgs>? PinChanged;

    /// <summary>The port the daemon listens on; kept across <see cref="Stop"/>/<see cref="Restart"/>.</summary>
    public int Port { get; private set; }

    /// <summary>Whether the listener is up (false between <see cref="Stop"/> and <see cref="Restart"/>).</summary>
    public bool IsRunning { get; private set; }

    /// <summary>Requests received so far (answered or not), over all connections.</summary>
    public long RequestCount => Interlocked.Read(ref _requestCount);

    /// <summary>Connections open now (command and notification sockets alike).</summary>
    public int ConnectionCount => _clients.Count;

    /// <summary>Delay before each reply (0 by default); a reply still goes out in one write.</summary>
    public TimeSpan ReplyDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _replyDelayTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Interlocked.Exchange(ref _replyDelayTicks, value.Ticks);
        }
    }

    /// <summary>When true, requests are logged and executed but never answered (a hung daemon).</summary>
    public bool SwallowRequests
    {
        get => _swallowRequests;
        set => _swallowRequests = value;
    }

    /// <summary>Every request received, in arrival order.</summary>
    public IReadOnlyList<PigpioEmulatorRequest> Requests => _requests.Entries;

    /// <summary>Forgets the request log (not <see cref="RequestCount"/>).</summary>
    public void ClearRequests() => _requests.Clear();

    /// <summary>The stored scripts now, lowest id first.</summary>
    public IReadOnlyList<PigpioEmulatorScript> Scripts => _scripts.Snapshot();

    /// <summary>Every pin command a running script executed, in order.</summary>
    public IReadOnlyList<PigpioEmulatorScriptCommand> ScriptCommands => _scriptCommands.Entries;

    /// <summary>
    /// How many PROCR attempts on each script stored from now on are answered "script initialising" (−62), as the
    /// daemon does until a new script's thread is ready. 0 (the default): a stored script can be run at once.
    /// </summary>
    public int ScriptInitialisingRuns
    {
        get => _scripts.InitialisingRuns;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _scripts.InitialisingRuns = value;
        }
    }

    /// <summary>Completes with the first pin command (past or future) a script executed that matches <paramref name="match"/>.</summary>
    /// <exception cref="TimeoutException">None within <paramref name="timeout"/>.</exception>
    public Task<PigpioEmulatorScriptCommand> WaitForScriptCommandAsync(Predicate<PigpioEmulatorScriptCommand> match, TimeSpan timeout) =>
        _scriptCommands.WaitAsync(match, timeout);

    public int GetLevel(int pin) => _pins.GetLevel(CheckPin(pin));

    /// <summary>The pigpio mode number: 0 input, 1 output, 4 ALT0 ...</summary>
    public int GetMode(int pin) => _pins.GetMode(CheckPin(pin));

    /// <summary>The PWM duty as a fraction of the pin's user range; 0 when the pin is not in PWM mode.</summary>
    public double GetDutyCycle(int pin) => _pins.GetDutyCycle(CheckPin(pin));

    /// <summary>The servo pulse width in µs; 0 when the pin is not sending servo pulses.</summary>
    public int GetServoPulseWidth(int pin) => _pins.GetServoPulseWidth(CheckPin(pin));

    public int GetPwmFrequency(int pin) => _pins.GetFrequency(CheckPin(pin));

    public int GetPwmRange(int pin) => _pins.GetRange(CheckPin(pin));

    /// <summary>Completes when <paramref name="pin"/> is at <paramref name="level"/> (at once if it already is).</summary>
    /// <exception cref="TimeoutException">Not reached within <paramref name="timeout"/>.</exception>
    public Task WaitForLevelAsync(int pin, int level, TimeSpan timeout)
    {
        CheckPin(pin);
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 1);
        var waiter = new LevelWaiter(pin, level);
        lock (_waiters)
        {
            // Checked under the waiter lock, which level changes also take, so no change slips between check and wait.
            if (_pins.GetLevel(pin) == level)
            {
                return Task.CompletedTask;
            }

            _waiters.Add(waiter);
        }

        return waiter.Completion.Task.WaitAsync(timeout);
    }

    /// <summary>
    /// Completes with the first logged request (past or future) that matches <paramref name="match"/>; lets a test wait
    /// for a client's last command to arrive without sleeping.
    /// </summary>
    /// <exception cref="TimeoutException">None arrived within <paramref name="timeout"/>.</exception>
    public Task<PigpioEmulatorRequest> WaitForRequestAsync(Predicate<PigpioEmulatorRequest> match, TimeSpan timeout) =>
        _requests.WaitAsync(match, timeout);

    /// <summary>
    /// Closes the listener and drops every connection (RST): the daemon is out of reach (the link is cut) and refuses
    /// new connections until <see cref="Restart"/>. Pins and running scripts carry on, as they do in a daemon that only
    /// lost its network.
    /// </summary>
    public void Stop()
    {
        lock (_lifecycle)
        {
            if (!IsRunning)
            {
                return;
            }

            IsRunning = false;
            _running.Cancel();
            _listener?.Dispose();
            _listener = null;
            DropConnections();
        }
    }

    /// <summary>
    /// Listens again on the same port. <paramref name="resetPins"/> true is a daemon restart or Pi reboot: every pin back
    /// to input/low, PWM off, notification handles and scripts gone. False is a network blip: pins and scripts kept running.
    /// </summary>
    public void Restart(bool resetPins)
    {
        lock (_lifecycle)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Stop();
            if (resetPins)
            {
                ResetPins();
            }

            Listen(Port);
        }
    }

    /// <summary>Power-on state: every pin input/low, no pulls, no PWM or servo, no notification handles, no scripts.</summary>
    public void ResetPins()
    {
        _scripts.Clear();
        _pins.Reset(out var changes);
        Publish(changes);
    }

    /// <summary>Drops every open connection (RST) but keeps listening.</summary>
    public void DropConnections()
    {
        foreach (var (id, socket) in _clients)
        {
            if (_clients.TryRemove(id, out _))
            {
                Abort(socket);
                _pins.ReleaseConnection(id);
            }
        }
    }

    public void Dispose()
    {
        lock (_lifecycle)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Stop();
            _scripts.Clear();
        }

        lock (_waiters)
        {
            foreach (var waiter in _waiters)
            {
                waiter.Completion.TrySetCanceled();
            }

            _waiters.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Dispose();
        try
        {
            await _acceptLoop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or SocketException or ObjectDisposedException)
        {
            // The accept loop ends by cancellation; nothing else to wait for.
        }
    }

    private static int CheckPin(int pin)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pin);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(pin, EmulatorPinBank.GpioCount);
        return pin;
    }

    private static void Abort(Socket socket)
    {
        try
        {
            // Linger 0 sends RST and leaves no TIME_WAIT behind, so the port can be bound again at once.
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }

        socket.Dispose();
    }

    private void Listen(int port)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(64);
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _listener = listener;
        _running = new CancellationTokenSource();
        IsRunning = true;
        var token = _running.Token;
        _acceptLoop = Task.Run(() => AcceptAsync(listener, token));
    }

    private async Task AcceptAsync(Socket listener, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            // Like pigpiod: replies must not wait for Nagle.
            client.NoDelay = true;
            var id = Interlocked.Increment(ref _nextConnectionId);
            _clients[id] = client;
            _ = Task.Run(() => ServeAsync(id, client, token), CancellationToken.None);
        }
    }

    private async Task ServeAsync(int connectionId, Socket client, CancellationToken token)
    {
        var frame = new byte[16];
        try
        {
            while (!token.IsCancellationRequested)
            {
                if (!await ReceiveExactlyAsync(client, frame, token).ConfigureAwait(false))
                {
                    return;
                }

                var cmd = BinaryPrimitives.ReadUInt32LittleEndian(frame);
                var p1 = BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(4));
                var p2 = BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(8));
                var p3 = BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(12));
                var raw = frame.ToArray();

                // An extension of p3 bytes follows some requests: a script's text, a run's parameters.
                if (p3 > MaxExtension)
                {
                    return;
                }

                var extension = new byte[p3];
                if (p3 > 0 && !await ReceiveExactlyAsync(client, extension, token).ConfigureAwait(false))
                {
                    return;
                }

                Interlocked.Increment(ref _requestCount);
                var changes = new List<(int Pin, int Level)>();
                byte[]? replyExtension = null;
                var result = EmulatorScripts.IsScriptCommand(cmd)
                    ? _scripts.Execute(cmd, p1, extension, out replyExtension)
                    : _pins.Execute(connectionId, cmd, p1, p2, changes);
                var swallow = _swallowRequests;
                _requests.Add(new PigpioEmulatorRequest(connectionId, cmd, p1, p2, p3, swallow ? null : result, raw, extension));
                Publish(changes);
                if (swallow)
                {
                    continue;
                }

                var delay = ReplyDelay;
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, token).ConfigureAwait(false);
                }

                var reply = new byte[16 + (replyExtension?.Length ?? 0)];
                frame.AsSpan(0, 12).CopyTo(reply);
                BinaryPrimitives.WriteInt32LittleEndian(reply.AsSpan(12), result);
                replyExtension?.CopyTo(reply, 16);

                // One write per reply: python3-pigpio reads each with a single recv(16), then the extension's bytes.
                await client.SendAsync(reply, SocketFlags.None, token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The client left (python's pi.stop() closes without reading NC's reply) or the daemon was stopped.
        }
        finally
        {
            if (_clients.TryRemove(connectionId, out _))
            {
                _pins.ReleaseConnection(connectionId);
            }

            client.Dispose();
        }
    }

    private static async Task<bool> ReceiveExactlyAsync(Socket socket, byte[] buffer, CancellationToken token)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, token).ConfigureAwait(false);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    private void OnScriptCommand(PigpioEmulatorScriptCommand command, List<(int Pin, int Level)> changes)
    {
        _scriptCommands.Add(command);
        Publish(changes);
    }

    private void Publish(List<(int Pin, int Level)> changes)
    {
        foreach (var (pin, level) in changes)
        {
            lock (_waiters)
            {
                for (var i = _waiters.Count - 1; i >= 0; i--)
                {
                    var waiter = _waiters[i];
                    if (waiter.Completion.Task.IsCompleted)
                    {
                        _waiters.RemoveAt(i);
                    }
                    else if (waiter.Pin == pin && waiter.Level == level)
                    {
                        _waiters.RemoveAt(i);
                        waiter.Completion.TrySetResult();
                    }
                }
            }

            PinChanged?.Invoke(this, new PinLevelChangedEventArgs(pin, level));
        }
    }

    private sealed class LevelWaiter(int pin, int level)
    {
        public int Pin { get; } = pin;

        public int Level { get; } = level;

        // Continuations run elsewhere so a test awaiting this never runs on the emulator's socket thread.
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
