namespace DualRobot.Api.Groups;

internal static partial class GroupLog
{
    [LoggerMessage(1, LogLevel.Information, "Group {Group} stopped every member: {Reason}.")]
    public static partial void Ended(ILogger logger, string group, string reason);

    [LoggerMessage(2, LogLevel.Warning, "Group {Group}: following refused for {Robot} ({Detail}); stopping every member.")]
    public static partial void FollowRefused(ILogger logger, string group, string robot, string? detail);

    [LoggerMessage(3, LogLevel.Error, "Group {Group}: a follow step failed; stopping every member.")]
    public static partial void FollowFailed(ILogger logger, Exception exception, string group);
}
