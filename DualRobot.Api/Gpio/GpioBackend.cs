using System.Device.Gpio;
using System.Device.Pwm;

namespace DualRobot.Api.Gpio;

/// <summary>
/// One robot's pins, whichever way they are reached (in memory, pigpiod over TCP, local libgpiod).
/// Everything above this class speaks only <see cref="GpioController"/> and <see cref="PwmChannel"/>.
/// </summary>
public abstract class GpioBackend : IDisposable
{
    private bool _connected;

    protected GpioBackend(bool initiallyConnected) => _connected = initiallyConnected;

    /// <summary>The backend kind as configured: <c>Simulated</c>, <c>Pigpio</c> or <c>Gpiod</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>The controller over this backend's driver. Pins are opened through it.</summary>
    public abstract GpioController Controller { get; }

    /// <summary>Whether commands can reach the pins now. Always true for local backends.</summary>
    public bool IsConnected => Volatile.Read(ref _connected);

    /// <summary>Why the backend cannot be reached, when it knows (reported in <c>/health</c>).</summary>
    public virtual string? UnavailableReason => null;

    /// <summary>
    /// Raised with <c>true</c> after a (re)connection, once pin modes and PWM settings are in place again, and with
    /// <c>false</c> when the link is lost. Raised on a background thread.
    /// </summary>
    public event EventHandler<bool>? ConnectionChanged;

    /// <summary>
    /// Whether the backend has a watchdog on the robot that stops the motors by itself when motion writes stop coming
    /// (the pigpio script), so a motion's lease must reach it: <see cref="RenewMotion"/> then writes.
    /// </summary>
    public virtual bool HasWatchdog => false;

    /// <summary>Whether that watchdog is in place on the robot now (stored, running, and the robot connected).</summary>
    public virtual bool WatchdogArmed => false;

    /// <summary>
    /// Raised with the number of times the robot's watchdog stopped the motors by itself, when the backend learns of it:
    /// in a motion write, or on connecting again after a loss.
    /// </summary>
    public event EventHandler<int>? WatchdogFired;

    /// <summary>Creates a PWM output on <paramref name="pin"/>, started at <paramref name="dutyCycle"/>.</summary>
    public abstract PwmChannel CreatePwmChannel(int pin, int frequency, double dutyCycle);

    /// <summary>
    /// Writes several output pins as one operation. Remote backends send them together (one round trip) and
    /// clear before they set, so an H-bridge never sees both inputs high.
    /// </summary>
    /// <exception cref="GpioBackendUnavailableException">The backend cannot be reached.</exception>
    public void Write(ReadOnlySpan<PinValuePair> pinValues) => Write(pinValues, []);

    /// <summary>
    /// Writes pin levels and PWM duty cycles as one operation, in this order: every low pin, every duty, every high
    /// pin. An H-bridge side that changes direction is off before its new duty is set and gets its new direction
    /// only with that duty, so it never runs the new way at the old speed. Remote backends send it in one round trip.
    /// </summary>
    /// <exception cref="GpioBackendUnavailableException">The backend cannot be reached.</exception>
    public virtual void Write(ReadOnlySpan<PinValuePair> pinValues, ReadOnlySpan<PwmDuty> duties)
    {
        // Clearing first mirrors the remote backends' BC1-then-BS1 so no backend ever passes through High/High.
        foreach (var pair in pinValues)
        {
            if (pair.PinValue == PinValue.Low)
            {
                Controller.Write(pair.PinNumber, PinValue.Low);
            }
        }

        foreach (var (channel, duty) in duties)
        {
            channel.DutyCycle = duty;
        }

        foreach (var pair in pinValues)
        {
            if (pair.PinValue == PinValue.High)
            {
                Controller.Write(pair.PinNumber, PinValue.High);
            }
        }
    }

    /// <summary>
    /// Writes a motion as <see cref="Write(ReadOnlySpan{PinValuePair}, ReadOnlySpan{PwmDuty})"/> does and tells the
    /// robot's watchdog in the same operation: a positive <paramref name="lease"/> keeps the motors on for that long
    /// (plus the watchdog's margin) past the write; <see cref="TimeSpan.Zero"/> is a stop and stands the watchdog down.
    /// </summary>
    /// <returns>
    /// True when the watchdog had turned the motors off since the last motion write, so the pins may differ from what
    /// the caller wrote before; the caller writes the whole motion again.
    /// </returns>
    /// <exception cref="GpioBackendUnavailableException">The backend cannot be reached, or its watchdog is gone.</exception>
    public virtual bool WriteMotion(ReadOnlySpan<PinValuePair> pinValues, ReadOnlySpan<PwmDuty> duties, TimeSpan lease)
    {
        Write(pinValues, duties);
        return false;
    }

    /// <summary>Renews the watchdog's lease without writing pins (a heartbeat); nothing to do without a watchdog.</summary>
    /// <returns>True when the watchdog had turned the motors off since the last motion write.</returns>
    /// <exception cref="GpioBackendUnavailableException">The backend cannot be reached, or its watchdog is gone.</exception>
    public virtual bool RenewMotion(TimeSpan lease) => false;

    /// <summary>Starts connecting in the background (remote backends); local backends are ready at once.</summary>
    public virtual void Start()
    {
    }

    protected void OnWatchdogFired(int fires) => WatchdogFired?.Invoke(this, fires);

    protected void OnConnectionChanged(bool connected)
    {
        Volatile.Write(ref _connected, connected);
        ConnectionChanged?.Invoke(this, connected);
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
