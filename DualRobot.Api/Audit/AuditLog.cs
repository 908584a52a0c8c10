namespace DualRobot.Api.Audit;

internal static partial class AuditLog
{
    [LoggerMessage(101, LogLevel.Error, "Audit store {Path} cannot be written; {Pending} record(s) wait and are retried. Commands go on.")]
    public static partial void WriteFailed(ILogger logger, Exception exception, string path, int pending);

    [LoggerMessage(102, LogLevel.Information, "Audit store {Path} is written again.")]
    public static partial void Recovered(ILogger logger, string path);

    [LoggerMessage(103, LogLevel.Error, "Audit queue full: records are being dropped (first: {Action} on {Robot} by {User}).")]
    public static partial void RecordsDropped(ILogger logger, string action, string? robot, string user);

    [LoggerMessage(104, LogLevel.Error, "Shutting down with {Count} audit record(s) the store {Path} refused: they are lost.")]
    public static partial void LostAtShutdown(ILogger logger, int count, string path);

    [LoggerMessage(105, LogLevel.Information, "Deleted {Count} audit record(s) older than {Days} days.")]
    public static partial void Pruned(ILogger logger, int count, int days);
}
