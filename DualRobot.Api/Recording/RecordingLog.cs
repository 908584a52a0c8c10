namespace DualRobot.Api.Recording;

internal static partial class RecordingLog
{
    [LoggerMessage(301, LogLevel.Error, "Recording store {Path} cannot be written; {Pending} entr(y/ies) wait and are retried. Commands go on.")]
    public static partial void WriteFailed(ILogger logger, Exception exception, string path, int pending);

    [LoggerMessage(302, LogLevel.Information, "Recording store {Path} is written again.")]
    public static partial void Recovered(ILogger logger, string path);

    [LoggerMessage(303, LogLevel.Warning, "Recording queue full: states and events are being dropped (first: robot {Robot}).")]
    public static partial void EntriesDropped(ILogger logger, string? robot);

    [LoggerMessage(304, LogLevel.Error, "Shutting down with {Count} recording entr(y/ies) the store {Path} refused: they are lost.")]
    public static partial void LostAtShutdown(ILogger logger, int count, string path);

    [LoggerMessage(305, LogLevel.Information, "Recording retention deleted {States} state(s) and {Events} event(s) before {Cutoff:o} ({Reason}); the store uses {Bytes} bytes.")]
    public static partial void Pruned(ILogger logger, int states, int events, DateTimeOffset cutoff, string reason, long bytes);
}
