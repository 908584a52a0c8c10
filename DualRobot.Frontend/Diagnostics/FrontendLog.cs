namespace DualRobot.Frontend.Diagnostics;

internal static partial class FrontendLog
{
    [LoggerMessage(1, LogLevel.Warning, "Control api instance {Instance} unreachable for {Method} {Path}: {Reason}")]
    public static partial void ApiUnreachable(ILogger logger, string instance, string method, string path, string reason);

    [LoggerMessage(2, LogLevel.Information, "Robot event stream of api instance {Instance} connected to {Address}.")]
    public static partial void EventsConnected(ILogger logger, string instance, Uri? address);

    [LoggerMessage(3, LogLevel.Warning, "Robot event stream of api instance {Instance} lost: {Reason}. Reconnecting in {DelayMs} ms.")]
    public static partial void EventsLost(ILogger logger, string instance, string reason, int delayMs);

    [LoggerMessage(4, LogLevel.Warning, "Robot event stream sent an unreadable state; skipped.")]
    public static partial void EventUnreadable(ILogger logger, Exception exception);

    [LoggerMessage(5, LogLevel.Information, "Operator {User} signed in.")]
    public static partial void SignedIn(ILogger logger, string user);

    [LoggerMessage(6, LogLevel.Warning, "Failed sign-in for user name {User} from {Address}.")]
    public static partial void SignInFailed(ILogger logger, string user, string? address);

    [LoggerMessage(7, LogLevel.Warning, "Sign-in attempts from {Address} throttled.")]
    public static partial void SignInThrottled(ILogger logger, string? address);

    [LoggerMessage(19, LogLevel.Warning, "Sign-in attempts for user name {User} throttled (last from {Address}): too many failures for it.")]
    public static partial void SignInThrottledForAccount(ILogger logger, string user, string? address);

    [LoggerMessage(8, LogLevel.Information, "Operator {User} signed out.")]
    public static partial void SignedOut(ILogger logger, string user);

    [LoggerMessage(9, LogLevel.Warning, "No operator credential is configured (Operators:Password or Operators:Users:<name>:PasswordHash): nobody can sign in, the console is read-only.")]
    public static partial void NoOperatorCredentials(ILogger logger);

    [LoggerMessage(15, LogLevel.Warning, "The sign-in or sign-out of {User} could not be put in the audit trail: the api answered {StatusCode}.")]
    public static partial void SessionNotAudited(ILogger logger, string user, int statusCode);

    [LoggerMessage(10, LogLevel.Information, "{Count} operator account(s) configured.")]
    public static partial void OperatorsConfigured(ILogger logger, int count);

    [LoggerMessage(11, LogLevel.Warning, "The password hash of operator {User} cannot be read; that user cannot sign in.")]
    public static partial void UnreadablePasswordHash(ILogger logger, string user);

    // Debug: heartbeats alone make several of these a second per held button.
    [LoggerMessage(12, LogLevel.Debug, "Operator {User}: {Action} {Robot} answered {StatusCode}.")]
    public static partial void CommandAnswered(ILogger logger, string? user, string action, string? robot, int statusCode);

    [LoggerMessage(14, LogLevel.Debug, "Robot event stream of api instance {Instance} still unavailable: {Reason}. Retrying in {DelayMs} ms.")]
    public static partial void EventsStillLost(ILogger logger, string instance, string reason, int delayMs);

    [LoggerMessage(13, LogLevel.Warning, "Control:ApiKey is not set: the api will refuse every command from this console.")]
    public static partial void NoApiKey(ILogger logger);

    [LoggerMessage(16, LogLevel.Information, "Operator {User} opened the command socket.")]
    public static partial void CommandSocketOpened(ILogger logger, string? user);

    [LoggerMessage(17, LogLevel.Information, "Operator {User} closed the command socket.")]
    public static partial void CommandSocketClosed(ILogger logger, string? user);

    [LoggerMessage(18, LogLevel.Warning, "Command socket of {User} refused: opened from origin '{Origin}', not this console.")]
    public static partial void CommandSocketRefused(ILogger logger, string? user, string origin);

    [LoggerMessage(20, LogLevel.Warning, "Redis unreachable for the operators' sessions: {Reason}. Sessions this replica knows keep working; sign-ins wait for Redis.")]
    public static partial void SessionStoreUnreachable(ILogger logger, string reason);

    [LoggerMessage(21, LogLevel.Warning, "Operator {User}: {Action} {Robot} reached the console after the page had given up on it; not sent.")]
    public static partial void CommandArrivedLate(ILogger logger, string? user, string action, string? robot);

    [LoggerMessage(22, LogLevel.Information, "Audit stream connected: the Activity panel is live.")]
    public static partial void ActivityConnected(ILogger logger);

    [LoggerMessage(23, LogLevel.Debug, "Audit stream unavailable: {Reason}. Retrying in {DelayMs} ms.")]
    public static partial void ActivityLost(ILogger logger, string reason, int delayMs);
}
