namespace DualRobot.Contract;

/// <summary>
/// How many sessions <c>GET /recordings</c> lists: the api's default and bound, and the number the console cuts its
/// merge of several api instances' lists to when none was asked for.
/// </summary>
public static class RecordingListLimits
{
    public const int Default = 100;
    public const int Max = 1000;
}
