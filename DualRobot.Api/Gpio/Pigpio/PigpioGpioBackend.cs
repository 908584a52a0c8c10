using System.Collections.Concurrent;
using System.Device.Gpio;
using System.Device.Pwm;
using Microsoft.Extensions.Logging;

namespace DualRobot.Api.Gpio.Pigpio;

/// <summary>
/// A robot's pins on a Raspberry Pi running pigpiod, reached over TCP. Reconnects by itself; on every (re)connection
/// it restores pin modes and PWM frequency/range (never levels or duty cycles) before announcing
/// <see cref="GpioBackend.ConnectionChanged"/> <c>true</c>, so the robot layer can put the robot in its safe state.
/// </summary>
public sealed class PigpioGpioBackend : GpioBackend
{
    private readonly PigpioConnection _connection;
    private readonly PigpioGpioDriver _driver;
    private readonly GpioController _controller;
    private readonly ILogger<PigpioGpioBackend> _logger;
    private readonly ConcurrentDictionary<PigpioPwmChannel, byte> _pwmChannels = new();
    private int _disposed;

    public PigpioGpioBackend(string host, int port, PigpioOptions options, ILogger<PigpioGpioBackend> logger, TimeProvider? time = null)
        : base(initiallyConnected: false)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        _connection = new PigpioConnection(host, port, options, logger, time);
        _driver = new PigpioGpioDriver(_connection);

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
        if (duties.IsEmpty)
        {
            _driver.WriteBatch(pinValues);
            return;
        }

        Span<PigpioRequest> pwm = stackalloc PigpioRequest[duties.Length];
        for (var i = 0; i < duties.Length; i++)
        {
            if (duties[i].Channel is not PigpioPwmChannel channel)
            {
                throw new ArgumentException("Every channel of a batch must belong to this backend.", nameof(duties));
            }

            pwm[i] = channel.DutyRequest(duties[i].DutyCycle);
        }

        _driver.WriteBatch(pinValues, pwm);
        foreach (var (channel, duty) in duties)
        {
            ((PigpioPwmChannel)channel).Record(duty);
        }
    }

    /// <summary>Starts the background connect/reconnect loop; watch <see cref="GpioBackend.ConnectionChanged"/>.</summary>
    public override void Start() => _connection.Start();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _connection.Connected -= OnConnected;
            _connection.Disconnected -= OnDisconnected;
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

        OnConnectionChanged(true);
    }

    private void OnDisconnected(object? sender, EventArgs e) => OnConnectionChanged(false);
}
