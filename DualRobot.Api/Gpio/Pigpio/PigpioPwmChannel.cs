using System.Device.Pwm;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DualRobot.Api.Gpio.Pigpio;

/// <summary>
/// pigpio's DMA-timed PWM on one GPIO (0–31). The user range is fixed at 10000 so a duty cycle maps to
/// <c>duty × 10000</c> whatever frequency pigpio picks; a duty change is one PWM round trip.
/// </summary>
public sealed class PigpioPwmChannel : PwmChannel
{
    /// <summary>The user range sent with PRS: fine enough for motors, and 2 µs steps for servo pulses at 50 Hz.</summary>
    public const uint Range = 10000;

    private readonly PigpioConnection _connection;
    private readonly ILogger _logger;
    private readonly Action<PigpioPwmChannel>? _disposed;
    private readonly Lock _gate = new();
    private int _frequency;
    private double _dutyCycle;
    private bool _started;
    private bool _isDisposed;

    /// <summary>Configures frequency and range and starts the output at <paramref name="dutyCycle"/>, in one round trip.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Pin not 0–31, frequency not positive or duty cycle not 0..1.</exception>
    /// <exception cref="GpioBackendUnavailableException">pigpiod cannot be reached.</exception>
    public PigpioPwmChannel(PigpioConnection connection, int pin, int frequency, double dutyCycle, ILogger? logger = null)
        : this(connection, pin, frequency, dutyCycle, logger, disposed: null)
    {
    }

    internal PigpioPwmChannel(PigpioConnection connection, int pin, int frequency, double dutyCycle, ILogger? logger, Action<PigpioPwmChannel>? disposed)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentOutOfRangeException.ThrowIfNegative(pin);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(pin, PigpioGpioDriver.BankPinCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frequency);
        ValidateDutyCycle(dutyCycle);

        _connection = connection;
        _logger = logger ?? NullLogger.Instance;
        _disposed = disposed;
        Pin = pin;

        Span<PigpioRequest> requests =
        [
            new(PigpioCommand.Pfs, (uint)pin, (uint)frequency),
            new(PigpioCommand.Prs, (uint)pin, Range),
            new(PigpioCommand.Pwm, (uint)pin, ToDuty(dutyCycle)),
        ];
        Span<int> results = stackalloc int[3];
        connection.Execute(requests, results);

        // PFS answers with the closest frequency the daemon can produce; report that, not the wish.
        _frequency = results[0];
        _dutyCycle = dutyCycle;
        _started = true;
    }

    /// <summary>The GPIO this channel drives.</summary>
    public int Pin { get; }

    /// <summary>The frequency pigpiod actually runs (closest available to the one requested).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not positive.</exception>
    public override int Frequency
    {
        get => Volatile.Read(ref _frequency);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_isDisposed, this);
                _frequency = SendFrequencyAndRange(value);
            }
        }
    }

    /// <summary>0..1; one PWM round trip while started, stored only while stopped.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not 0..1.</exception>
    public override double DutyCycle
    {
        get
        {
            lock (_gate)
            {
                return _dutyCycle;
            }
        }

        set
        {
            ValidateDutyCycle(value);
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_isDisposed, this);
                if (_started)
                {
                    _connection.Execute(PigpioCommand.Pwm, (uint)Pin, ToDuty(value));
                }

                _dutyCycle = value;
            }
        }
    }

    /// <summary>The PWM request for <paramref name="dutyCycle"/>, for a caller that batches it with other frames.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not 0..1.</exception>
    internal PigpioRequest DutyRequest(double dutyCycle)
    {
        ValidateDutyCycle(dutyCycle);
        return new PigpioRequest(PigpioCommand.Pwm, (uint)Pin, ToDuty(dutyCycle));
    }

    /// <summary>Takes note of a duty a batch has written (see <see cref="DutyRequest"/>).</summary>
    internal void Record(double dutyCycle)
    {
        lock (_gate)
        {
            _dutyCycle = dutyCycle;
            _started = true;
        }
    }

    public override void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_isDisposed, this);
            _connection.Execute(PigpioCommand.Pwm, (uint)Pin, ToDuty(_dutyCycle));
            _started = true;
        }
    }

    /// <summary>Duty 0 rather than ending PWM, so the pin stays low and PWM-configured for the next start.</summary>
    public override void Stop()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_isDisposed, this);
            _connection.Execute(PigpioCommand.Pwm, (uint)Pin, 0);
            _started = false;
        }
    }

    /// <summary>
    /// Re-sends frequency and range after a reconnect (a restarted daemon forgot them). The duty cycle is reset to 0
    /// and not re-sent: a reconnected robot must never resume an old motion.
    /// </summary>
    public void ReplaySettings()
    {
        lock (_gate)
        {
            if (_isDisposed)
            {
                return;
            }

            _frequency = SendFrequencyAndRange(_frequency);
            _dutyCycle = 0;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_gate)
            {
                if (_isDisposed)
                {
                    return;
                }

                _isDisposed = true;
                try
                {
                    // Outputs keep running when a client goes away, so a disposed channel must stop its pin itself.
                    _connection.Execute(PigpioCommand.Pwm, (uint)Pin, 0);
                }
                catch (Exception ex) when (ex is GpioBackendUnavailableException or PigpioException)
                {
                    PigpioLog.PwmStopFailed(_logger, Pin, ex);
                }
            }

            _disposed?.Invoke(this);
        }

        base.Dispose(disposing);
    }

    private int SendFrequencyAndRange(int frequency)
    {
        // pigpio keeps the user range across PFS, but a restarted daemon has the default 255; sending both in one
        // round trip keeps the duty mapping right in every case.
        Span<PigpioRequest> requests =
        [
            new(PigpioCommand.Pfs, (uint)Pin, (uint)frequency),
            new(PigpioCommand.Prs, (uint)Pin, Range),
        ];
        Span<int> results = stackalloc int[2];
        _connection.Execute(requests, results);
        return results[0];
    }

    private static uint ToDuty(double dutyCycle) => (uint)Math.Round(dutyCycle * Range);

    private static void ValidateDutyCycle(double dutyCycle, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(dutyCycle))] string? name = null)
    {
        if (double.IsNaN(dutyCycle) || dutyCycle is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(name, dutyCycle, "The duty cycle must be between 0 and 1.");
        }
    }
}
