using Microsoft.Extensions.Logging;

namespace DualRobot.Api.Gpio.Pigpio;

/// <summary>Source-generated log messages for the pigpio backend (no boxing or formatting when disabled).</summary>
internal static partial class PigpioLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Connected to pigpiod at {Host}:{Port}")]
    public static partial void Connected(ILogger logger, string host, int port);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Lost pigpiod at {Host}:{Port}: {Reason}")]
    public static partial void ConnectionLost(ILogger logger, string host, int port, string reason, Exception? exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Connecting to pigpiod at {Host}:{Port} failed; next attempt in {Delay}")]
    public static partial void ConnectFailed(ILogger logger, string host, int port, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Restored {PinCount} pin modes and {PwmCount} PWM channels on pigpiod at {Host}:{Port}")]
    public static partial void StateReplayed(ILogger logger, int pinCount, int pwmCount, string host, int port);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Restoring pin state on pigpiod at {Host}:{Port} failed")]
    public static partial void ReplayFailed(ILogger logger, string host, int port, Exception exception);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "A ConnectionChanged handler threw")]
    public static partial void ConnectionHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Stopping PWM on GPIO {Pin} while disposing failed")]
    public static partial void PwmStopFailed(ILogger logger, int pin, Exception exception);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Watchdog script stored and running on pigpiod at {Host}:{Port}")]
    public static partial void WatchdogInstalled(ILogger logger, string host, int port);

    [LoggerMessage(EventId = 9, Level = LogLevel.Error, Message = "Could not start the watchdog script on pigpiod at {Host}:{Port}: the robot stops only by the api's lease")]
    public static partial void WatchdogInstallFailed(ILogger logger, string host, int port, Exception exception);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "The watchdog script on pigpiod at {Host}:{Port} stopped the motors {Fires} time(s): no kick came within lease + margin")]
    public static partial void WatchdogFired(ILogger logger, int fires, string host, int port);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "The watchdog script on pigpiod at {Host}:{Port} is no longer running; reconnecting to replace it")]
    public static partial void WatchdogLost(ILogger logger, string host, int port);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Could not remove the watchdog script from pigpiod at {Host}:{Port}")]
    public static partial void WatchdogRemoveFailed(ILogger logger, string host, int port, Exception exception);
}
