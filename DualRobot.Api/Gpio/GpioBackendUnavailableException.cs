namespace DualRobot.Api.Gpio;

/// <summary>The pins cannot be reached now (daemon down, link lost, command timed out). Maps to HTTP 503.</summary>
public sealed class GpioBackendUnavailableException : Exception
{
    public GpioBackendUnavailableException(string message)
        : base(message)
    {
    }

    public GpioBackendUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
