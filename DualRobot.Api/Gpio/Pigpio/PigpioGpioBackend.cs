using System.Collections.Concurrent;
using System.Device.Gpio;
using System.Device.Pwm;
using Microsoft.Extensions.Logging;

namespace DualRobot.Api.Gpio.Pigpio;

/// <summary>
/// A robot's pins on a Raspberry Pi running pigpiod, reached over TCP. Reconnects by itself; on every (re)connection
/// it restores pin modes and PWM frequency/range (never levels or duty cycles) before announcing
/// <see cref="GpioBackend.ConnectionChanged"/> <c>true</c>, so the robot layer can put the robot in its safe state.
/// Given the motor pins, it also replaces the robot's watchdog script on every connection (<see cref="PigpioWatchdog"/>)
/// and kicks it in the same write as every motion, so the motors stop on the robot when the api or the link does not.
/// </summary>
public sealed class PigpioGpioBackend : GpioBackend
{
    private readonly PigpioConnection _connection;
    private readonly PigpioGpioDriver _driver;
    private readonly GpioController _controller;
    private readonly ILogger<PigpioGpioBackend> _logger;
    private readonly ConcurrentDictionary<PigpioPwmChannel, byte> _pwmChannels = new();
    private readonly PigpioWatchdog? _watchdog;
    private int _disposed;

    /// <param name="motors">The motor pins its watchdog script turns off; null for no watchdog.</param>
    public PigpioGpioBackend(string host, int port, PigpioOptions options, ILogger<PigpioGpioBackend> logger, TimeProvider? time = null, MotorPins? motors = null)
        : base(initiallyConnected: false)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        _connection = new PigpioConnection(host, port, options, logger, time);
        _driver = new PigpioGpioDriver(_connection);
        _watchdog = motors is null ? null : new PigpioWatchdog(motors, TimeSpan.FromMilliseconds(options.WatchdogMarginMs));

        // Always hand the controller our driver: the parameterless constructor probes libgpiod and throws off-Pi.
        _controller = new GpioController(_driver);
        _connection.Connected += OnConnected;
        _connection.Disconnected += OnDisconnected;
    }

    public override string Kind => GpioBackendKinds.Pigpio;

    public override GpioController Controller => _controller;

    /// <summary>The command socket, for diagnostics and one-off connects.</summary>
    public PigpioConnection Connection => _connection;

    /// <summary>Network round trips so far (a pipelined batch counts once).</summary>
    public long RoundTrips => _connection.RoundTrips;

    public string Host => _connection.Host;

    public int Port => _connection.Port;

    public override bool HasWatchdog => _watchdog is not null;

    public override bool WatchdogArmed => IsConnected && _watchdog is { IsArmed: true };

    /// <summary>The watchdog script's text; null without motor pins.</summary>
    public string? WatchdogScript => _watchdog?.Script;

    /// <exception cref="ArgumentOutOfRangeException">Pin not 0–31, frequency not positive or duty cycle not 0..1.</exception>
    /// <exception cref="GpioBackendUnavailableException">pigpiod cannot be reached.</exception>
    public override PwmChannel CreatePwmChannel(int pin, int frequency, double dutyCycle)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var channel = new PigpioPwmChannel(_connection, pin, frequency, dutyCycle, _logger, c => _pwmChannels.TryRemove(c, out _));
        _pwmChannels[channel] = 0;
        return channel;
    }

    /// <summary>BC1 (every low pin), PWM (every duty), then BS1 (every high pin), pipelined in one round trip.</summary>
    public override void Write(ReadOnlySpan<PinValuePair> pinValues, ReadOnlySpan<PwmDuty> duties)
    {
        var pwm = default(PigpioRequestBuffer);
        _driver.WriteBatch(pinValues, DutyRequests(duties, pwm));
        RecordDuties(duties);
    }

    /// <summary>
    /// One round trip, in this order: the kick (PROCU, before any pin moves, so the daemon holds the new lease first),
    /// BC1, the duties, BS1, then for a stop the stand-down (PROCU, after the pins: a stop cut short on the wire leaves
    /// the countdown running, never a motion without one), and the script's status (PROCP) to learn of a fire.
    /// </summary>
    public override bool WriteMotion(ReadOnlySpan<PinValuePair> pinValues, ReadOnlySpan<PwmDuty> duties, TimeSpan lease)
    {
        if (_watchdog is not { Id: { } id } watchdog)
        {
            Write(pinValues, duties);
            return false;
        }

        var stop = lease <= TimeSpan.Zero;
        var buffer = default(PigpioRequestBuffer);
        Span<PigpioRequest> requests = buffer;
        var count = 0;
        if (!stop)
        {
            requests[count++] = watchdog.Kick(id, lease);
        }

        var pwm = default(PigpioRequestBuffer);
        count += _driver.AddBankWrites(pinValues, DutyRequests(duties, pwm), requests[count..]);
        if (stop)
        {
            requests[count++] = watchdog.StandDown(id);
        }

        var fired = ExchangeWithWatchdog(watchdog, id, requests, count, tookEffect: stop);
        RecordDuties(duties);
        return fired;
    }

    /// <summary>The kick and the status read, in one round trip.</summary>
    public override bool RenewMotion(TimeSpan lease)
    {
        if (_watchdog is not { Id: { } id } watchdog)
        {
            return false;
        }

        var buffer = default(PigpioRequestBuffer);
        Span<PigpioRequest> requests = buffer;
        requests[0] = watchdog.Kick(id, lease);
        return ExchangeWithWatchdog(watchdog, id, requests, 1, tookEffect: false);
    }

    /// <summary>Starts the background connect/reconnect loop; watch <see cref="GpioBackend.ConnectionChanged"/>.</summary>
    public override void Start() => _connection.Start();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _connection.Connected -= OnConnected;
            _connection.Disconnected -= OnDisconnected;
            RemoveWatchdog();
            foreach (var channel in _pwmChannels.Keys)
            {
                channel.Dispose();
            }

            // The controller closes its pins (cache only, no traffic) and disposes the driver.
            _controller.Dispose();
            _connection.Dispose();
        }

        base.Dispose(disposing);
    }

    private void OnConnected(object? sender, EventArgs e)
    {
        try
        {
            var pins = _driver.ReplayModes();
            var channels = _pwmChannels.Keys.ToArray();
            foreach (var channel in channels)
            {
                channel.ReplaySettings();
            }

            PigpioLog.StateReplayed(_logger, pins, channels.Length, Host, Port);
        }
        catch (PigpioException ex)
        {
            // The daemon is there but refused part of the state (e.g. a different board); announce anyway so the
            // robot layer runs and reports errors on use rather than the backend flapping forever.
            PigpioLog.ReplayFailed(_logger, Host, Port, ex);
        }
        catch (GpioBackendUnavailableException ex)
        {
            // Lost again mid-replay: the connection retries; announcing now would let the robot run half-restored.
            PigpioLog.ReplayFailed(_logger, Host, Port, ex);
            throw;
        }

        InstallWatchdog();
        OnConnectionChanged(true);
    }

    /// <summary>Replaces the robot's watchdog script (any left by an earlier connection or api process) with a new one.</summary>
    private void InstallWatchdog()
    {
        if (_watchdog is null)
        {
            return;
        }

        try
        {
            var fired = _watchdog.Install(_connection);
            PigpioLog.WatchdogInstalled(_logger, Host, Port);
            if (fired > 0)
            {
                // The old script stopped the motors while the api was away (frozen, cut off, or not running).
                PigpioLog.WatchdogFired(_logger, fired, Host, Port);
                OnWatchdogFired(fired);
            }
        }
        catch (PigpioException ex)
        {
            // The daemon will not store or run it (no room, an old pigpio): the robot runs on the api's lease alone,
            // and its state says so.
            PigpioLog.WatchdogInstallFailed(_logger, Host, Port, ex);
        }
    }

    /// <summary>A clean shutdown: the robot is stopped by now, so its watchdog is stopped and deleted.</summary>
    private void RemoveWatchdog()
    {
        try
        {
            _watchdog?.Remove(_connection);
        }
        catch (Exception ex) when (ex is GpioBackendUnavailableException or PigpioException)
        {
            // Not reachable now: the next api to connect replaces it.
            PigpioLog.WatchdogRemoveFailed(_logger, Host, Port, ex);
        }
    }

    private void OnDisconnected(object? sender, EventArgs e)
    {
        _watchdog?.Forget();
        OnConnectionChanged(false);
    }

    /// <summary>
    /// Sends <paramref name="requests"/> (the first <paramref name="count"/>) with the watchdog's status read after them,
    /// and returns whether it fired since the last read. A watchdog found gone (its PROCU refused, or its status not
    /// running) closes the link, so the reconnect replaces the script and puts the robot in its safe state; unless the
    /// write <paramref name="tookEffect"/> anyway (a stop), the caller is told it failed.
    /// </summary>
    private bool ExchangeWithWatchdog(PigpioWatchdog watchdog, int id, Span<PigpioRequest> requests, int count, bool tookEffect)
    {
        requests[count++] = PigpioWatchdog.Status(id);
        Span<int> results = stackalloc int[count];
        Span<byte> status = stackalloc byte[PigpioFraming.ScriptStatusSize];
        _connection.Send(requests[..count], results, status);
        int? fired = null;
        for (var i = 0; i < count; i++)
        {
            if (results[i] < 0 && requests[i].Command is not (PigpioCommand.Procu or PigpioCommand.Procp))
            {
                throw new PigpioException(requests[i].Command, requests[i].P1, requests[i].P2, results[i]);
            }
        }

        if (results[..count].IndexOfAnyInRange(int.MinValue, -1) < 0)
        {
            fired = watchdog.Observe(status);
        }

        if (fired is not { } fires)
        {
            const string Gone = "its watchdog script is no longer running";
            PigpioLog.WatchdogLost(_logger, Host, Port);
            _connection.Reset(Gone);
            if (tookEffect)
            {
                return false;
            }

            throw new GpioBackendUnavailableException($"pigpiod at {Host}:{Port}: {Gone}; reconnecting to replace it.");
        }

        if (fires > 0)
        {
            PigpioLog.WatchdogFired(_logger, fires, Host, Port);
            OnWatchdogFired(fires);
        }

        return fires > 0;
    }

    /// <summary>The PWM request of every duty, in <paramref name="buffer"/>.</summary>
    private static ReadOnlySpan<PigpioRequest> DutyRequests(ReadOnlySpan<PwmDuty> duties, Span<PigpioRequest> buffer)
    {
        for (var i = 0; i < duties.Length; i++)
        {
            if (duties[i].Channel is not PigpioPwmChannel channel)
            {
                throw new ArgumentException("Every channel of a batch must belong to this backend.", nameof(duties));
            }

            buffer[i] = channel.DutyRequest(duties[i].DutyCycle);
        }

        return buffer[..duties.Length];
    }

    private static void RecordDuties(ReadOnlySpan<PwmDuty> duties)
    {
        foreach (var (channel, duty) in duties)
        {
            ((PigpioPwmChannel)channel).Record(duty);
        }
    }
}
