namespace DualRobot.Api.Gpio.Pigpio;

/// <summary>
/// pigpiod answered a command with a negative result. The daemon is reachable, so this is a programming or
/// configuration error (bad pin, bad range), never <see cref="GpioBackendUnavailableException"/>.
/// </summary>
public sealed class PigpioException : Exception
{
    public PigpioException(PigpioCommand command, uint p1, uint p2, int errorCode)
        : base($"pigpiod rejected {command.ToString().ToUpperInvariant()} {p1} {p2}: {errorCode} ({PigpioError.Describe(errorCode)}).")
    {
        Command = command;
        ErrorCode = errorCode;
    }

    /// <summary>The command that failed.</summary>
    public PigpioCommand Command { get; }

    /// <summary>The negative pigpio error code, one of <see cref="PigpioError"/>.</summary>
    public int ErrorCode { get; }
}
