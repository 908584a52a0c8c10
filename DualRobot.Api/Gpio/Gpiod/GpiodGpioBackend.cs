using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using System.Device.Pwm;

namespace DualRobot.Api.Gpio.Gpiod;

/// <summary>
/// The Pi's own pins through libgpiod, for an api running on the robot itself (the Raspberry Pi 5 included, which
/// pigpio does not support). PWM uses the kernel's hardware channels only: dotnet/iot's software PWM busy-spins a
/// whole core, so enable and servo pins must be hardware-PWM pins (BCM 12, 13, 18, 19).
/// </summary>
public sealed partial class GpiodGpioBackend(int chip, int pwmChip, ILogger<GpiodGpioBackend> logger) : GpioBackend(initiallyConnected: false)
{
    private GpioController? _controller;

    public override string Kind => GpioBackendKinds.Gpiod;

    public override GpioController Controller =>
        _controller ?? throw new GpioBackendUnavailableException($"gpiochip{chip} is not open.");

    /// <summary>Why the chip could not be opened, if it could not.</summary>
    public string? OpenError { get; private set; }

    public override string? UnavailableReason => OpenError is null ? null : $"gpiochip{chip} could not be opened: {OpenError}";

    public override void Start()
    {
        try
        {
            _controller = new GpioController(new LibGpiodDriver(chip));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Not on a Pi, no libgpiod, or no permission: the robot reports unavailable instead of taking the api down.
            OpenError = ex.Message;
            LogOpenFailed(logger, chip, ex);
            return;
        }

        OnConnectionChanged(true);
    }

    public override PwmChannel CreatePwmChannel(int pin, int frequency, double dutyCycle)
    {
        var channel = pin switch
        {
            12 or 18 => 0,
            13 or 19 => 1,
            _ => throw new ArgumentOutOfRangeException(nameof(pin), pin,
                "The Gpiod backend drives PWM with the hardware channels only: use BCM 12, 13, 18 or 19."),
        };
        var pwm = PwmChannel.Create(pwmChip, channel, frequency, dutyCycle);
        pwm.Start();
        return pwm;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _controller?.Dispose();
        }

        base.Dispose(disposing);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "gpiochip{Chip} could not be opened; the robot stays unavailable")]
    private static partial void LogOpenFailed(ILogger logger, int chip, Exception exception);
}
