namespace DualRobot.Api.Groups;

/// <summary>A group's current motion: its mode, who drives it, and each member's stop epoch when it began.</summary>
internal sealed record GroupMotion(GroupMode Mode, double OffsetMeters, string? User, string? Role, IReadOnlyList<long> StopEpochs)
{
    /// <summary>Running while the mode is follow; disposed when the motion ends.</summary>
    public FollowLoop? Loop { get; set; }
}
