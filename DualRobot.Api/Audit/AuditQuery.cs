namespace DualRobot.Api.Audit;

/// <summary>A filter over the trail: newest first, at most <see cref="Limit"/> records.</summary>
public sealed record AuditQuery(string? Robot, string? User, DateTimeOffset? Since, int Limit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
}
