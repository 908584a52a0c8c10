namespace DualRobot.Api.Robots;

internal static partial class RobotLog
{
    [LoggerMessage(1, LogLevel.Information, "Robot {Robot} is in its safe state (motors off, eye off): {Reason}.")]
    public static partial void SafeState(ILogger logger, string robot, string reason);

    [LoggerMessage(2, LogLevel.Warning, "Robot {Robot}: lease expired with no heartbeat; stopped by the deadman.")]
    public static partial void DeadmanStop(ILogger logger, string robot);

    [LoggerMessage(3, LogLevel.Warning, "Robot {Robot}: backend {Backend} unavailable: {Reason}")]
    public static partial void BackendUnavailable(ILogger logger, string robot, string backend, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Robot {Robot}: backend {Backend} connection lost.")]
    public static partial void BackendLost(ILogger logger, string robot, string backend);

    [LoggerMessage(5, LogLevel.Information, "Robot {Robot}: backend {Backend} connected.")]
    public static partial void BackendConnected(ILogger logger, string robot, string backend);

    [LoggerMessage(6, LogLevel.Error, "Robot {Robot}: could not put the robot in its safe state after connecting.")]
    public static partial void SafeStateFailed(ILogger logger, Exception exception, string robot);

    [LoggerMessage(7, LogLevel.Warning, "Emergency stop latched: every robot stopped.")]
    public static partial void EmergencyStopLatched(ILogger logger);

    [LoggerMessage(8, LogLevel.Information, "Emergency stop released.")]
    public static partial void EmergencyStopReleased(ILogger logger);

    [LoggerMessage(10, LogLevel.Warning, "Robot {Robot}: its on-robot watchdog stopped the motors {Fires} time(s): no command or heartbeat reached it within lease + margin.")]
    public static partial void WatchdogStop(ILogger logger, string robot, int fires);

    [LoggerMessage(9, LogLevel.Error, "Robot {Robot}: blinking the eye failed.")]
    public static partial void BlinkFailed(ILogger logger, Exception exception, string robot);
}
