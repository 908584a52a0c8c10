using System.Collections.Concurrent;
using System.Device.Gpio;

namespace DualRobot.Api.Gpio.Pigpio;

/// <summary>
/// A <see cref="GpioDriver"/> that drives a Raspberry Pi's pins through pigpiod over TCP.
/// <see cref="GpioController.Write(int, PinValue)"/> asks the driver for the pin mode on every call, so modes are
/// cached here: a write costs exactly one WRITE round trip instead of MODEG plus WRITE.
/// </summary>
public sealed class PigpioGpioDriver : GpioDriver
{
    /// <summary>GPIO 0–53 exist on the BCM283x; only 0–31 can be used with the bank commands and PWM.</summary>
    public const int GpioCount = 54;

    /// <summary>The bank commands (BC1/BS1/BR1) cover GPIO 0–31.</summary>
    public const int BankPinCount = 32;

    private readonly PigpioConnection _connection;
    private readonly ConcurrentDictionary<int, PinMode> _modes = new();

    public PigpioGpioDriver(PigpioConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
    }

    protected override int PinCount => GpioCount;

    /// <summary>
    /// Writes several output pins in one round trip: BC1 with every low pin, then BS1 with every high pin. Clearing
    /// first means an H-bridge never sees both inputs high, even for the microseconds between the two commands.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A pin is not 0–31 (the bank commands cannot reach it).</exception>
    /// <exception cref="InvalidOperationException">A pin is not an output set through this driver.</exception>
    /// <exception cref="GpioBackendUnavailableException">pigpiod cannot be reached.</exception>
    public void WriteBatch(ReadOnlySpan<PinValuePair> pinValues) => WriteBatch(pinValues, []);

    /// <summary>
    /// As <see cref="WriteBatch(ReadOnlySpan{PinValuePair})"/>, with <paramref name="between"/> (PWM duties) sent
    /// after the BC1 and before the BS1, all in the same round trip.
    /// </summary>
    public void WriteBatch(ReadOnlySpan<PinValuePair> pinValues, ReadOnlySpan<PigpioRequest> between)
    {
        var buffer = default(PigpioRequestBuffer);
        Span<PigpioRequest> requests = buffer;
        var count = AddBankWrites(pinValues, between, requests);
        Span<int> results = stackalloc int[count];
        _connection.Execute(requests[..count], results);
    }

    /// <summary>
    /// Adds BC1 with every low pin, <paramref name="between"/>, and BS1 with every high pin to <paramref name="requests"/>
    /// (BC1 or BS1 only when some pin goes that way); returns how many it added.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A pin is not 0–31 (the bank commands cannot reach it).</exception>
    /// <exception cref="InvalidOperationException">A pin is not an output set through this driver.</exception>
    public int AddBankWrites(ReadOnlySpan<PinValuePair> pinValues, ReadOnlySpan<PigpioRequest> between, Span<PigpioRequest> requests)
    {
        uint clear = 0;
        uint set = 0;
        foreach (var (pin, value) in pinValues)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(pin, nameof(pinValues));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(pin, BankPinCount, nameof(pinValues));

            // BC1/BS1 only change levels, never modes: on an input they would silently do nothing visible.
            if (!_modes.TryGetValue(pin, out var mode) || mode != PinMode.Output)
            {
                throw new InvalidOperationException($"GPIO {pin} must be opened as an output before a batch write.");
            }

            var bit = 1u << pin;
            if (value == PinValue.High)
            {
                set |= bit;
                clear &= ~bit;
            }
            else
            {
                clear |= bit;
                set &= ~bit;
            }
        }

        var count = 0;
        if (clear != 0)
        {
            requests[count++] = new PigpioRequest(PigpioCommand.Bc1, clear, 0);
        }

        between.CopyTo(requests[count..]);
        count += between.Length;
        if (set != 0)
        {
            requests[count++] = new PigpioRequest(PigpioCommand.Bs1, set, 0);
        }

        return count;
    }

    /// <summary>
    /// Sends MODES (and the pull) for every cached pin in one round trip. Used after a reconnect, when a restarted
    /// daemon has every pin back at input. Levels are deliberately not restored: the robot layer decides them.
    /// </summary>
    /// <returns>The number of pins restored.</returns>
    public int ReplayModes()
    {
        var snapshot = _modes.ToArray();
        if (snapshot.Length == 0)
        {
            return 0;
        }

        var requests = new List<PigpioRequest>(snapshot.Length * 2);
        foreach (var (pin, mode) in snapshot)
        {
            AddModeRequests(requests, pin, mode);
        }

        var results = new int[requests.Count];
        _connection.Execute(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(requests), results);
        return snapshot.Length;
    }

    protected override void OpenPin(int pinNumber)
    {
        ValidatePin(pinNumber);

        // Nothing to send: pigpiod has no notion of opening a pin; SetPinMode follows from GpioController.OpenPin.
    }

    protected override void ClosePin(int pinNumber)
    {
        ValidatePin(pinNumber);

        // Only forget the mode. Sending anything here would fail while disconnected (controller disposal must not),
        // and stopping the motors is the robot layer's job before it closes pins.
        _modes.TryRemove(pinNumber, out _);
    }

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        ValidatePin(pinNumber);
        if (!IsPinModeSupported(pinNumber, mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "pigpio supports Input, Output, InputPullUp and InputPullDown.");
        }

        var requests = new List<PigpioRequest>(2);
        AddModeRequests(requests, pinNumber, mode);
        Span<int> results = stackalloc int[2];
        _connection.Execute(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(requests), results);
        _modes[pinNumber] = mode;
    }

    protected override void SetPinMode(int pinNumber, PinMode mode, PinValue initialValue)
    {
        if (mode != PinMode.Output)
        {
            SetPinMode(pinNumber, mode);
            return;
        }

        ValidatePin(pinNumber);

        // pigpio's WRITE latches the level before it switches the pin to output, so one WRITE is glitch-free,
        // where MODES then WRITE would briefly drive the old latch value.
        _connection.Execute(PigpioCommand.Write, (uint)pinNumber, initialValue == PinValue.High ? 1u : 0u);
        _modes[pinNumber] = PinMode.Output;
    }

    protected override PinMode GetPinMode(int pinNumber)
    {
        ValidatePin(pinNumber);
        if (_modes.TryGetValue(pinNumber, out var mode))
        {
            return mode;
        }

        // Not set by us: ask the daemon. ALT functions have no PinMode; they are neither input nor output for us.
        return _connection.Execute(PigpioCommand.Modeg, (uint)pinNumber) switch
        {
            0 => PinMode.Input,
            1 => PinMode.Output,
            var other => throw new NotSupportedException($"GPIO {pinNumber} is in ALT mode {other}, which has no PinMode."),
        };
    }

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) =>
        mode is PinMode.Input or PinMode.Output or PinMode.InputPullUp or PinMode.InputPullDown;

    protected override PinValue Read(int pinNumber)
    {
        ValidatePin(pinNumber);
        return _connection.Execute(PigpioCommand.Read, (uint)pinNumber) != 0 ? PinValue.High : PinValue.Low;
    }

    protected override void Write(int pinNumber, PinValue value)
    {
        ValidatePin(pinNumber);
        _connection.Execute(PigpioCommand.Write, (uint)pinNumber, value == PinValue.High ? 1u : 0u);

        // WRITE forces output on the daemon, so keep the cache truthful.
        _modes[pinNumber] = PinMode.Output;
    }

    // The robots have no inputs; notifications would need pigpio's second socket (NOIB), which is not worth it yet.
    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Pin events are not supported by the pigpio driver.");

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
        throw new NotSupportedException("Pin events are not supported by the pigpio driver.");

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
        throw new NotSupportedException("Pin events are not supported by the pigpio driver.");

    private static void AddModeRequests(List<PigpioRequest> requests, int pin, PinMode mode)
    {
        var (pigpioMode, pull) = mode switch
        {
            PinMode.Output => (1u, (uint?)null),
            PinMode.Input => (0u, 0u),
            PinMode.InputPullDown => (0u, 1u),
            PinMode.InputPullUp => (0u, 2u),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unsupported pin mode."),
        };

        requests.Add(new PigpioRequest(PigpioCommand.Modes, (uint)pin, pigpioMode));
        if (pull is { } pud)
        {
            requests.Add(new PigpioRequest(PigpioCommand.Pud, (uint)pin, pud));
        }
    }

    private static void ValidatePin(int pinNumber)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pinNumber);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(pinNumber, GpioCount);
    }
}
