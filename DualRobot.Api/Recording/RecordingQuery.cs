namespace DualRobot.Api.Recording;

/// <summary>A filter over the sessions: those of <see cref="Robot"/> overlapping <see cref="From"/>..<see cref="To"/>, newest first.</summary>
public sealed record RecordingQuery(string? Robot, DateTimeOffset? From, DateTimeOffset? To, int Limit)
{
    public const int DefaultLimit = RecordingListLimits.Default;
    public const int MaxLimit = RecordingListLimits.Max;
}
