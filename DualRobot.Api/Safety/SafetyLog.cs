namespace DualRobot.Api.Safety;

internal static partial class SafetyLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning,
        Message = "The zone {Zone} drawn by a supervisor and kept in {Store} has the name of a configured zone; the configured zone applies")]
    public static partial void DrawnZoneShadowed(ILogger logger, string zone, string store);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "{User} {Change} the keep-out zone {Zone} (zones version {Version})")]
    public static partial void ZoneChanged(ILogger logger, string user, string change, string zone, long version);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "{User} turned slow mode {State} for robot {Robot}")]
    public static partial void SlowModeChanged(ILogger logger, string user, string state, string robot);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Error, Message = "The safety store cannot be written; the change was not made")]
    public static partial void StoreFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Error,
        Message = "The safety store {Store} cannot be created: only the configured keep-out zones apply, and zones and slow mode cannot be changed")]
    public static partial void StoreUnavailable(ILogger logger, Exception exception, string store);
}
