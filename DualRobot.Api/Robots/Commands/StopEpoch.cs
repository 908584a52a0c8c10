namespace DualRobot.Api.Robots.Commands;

/// <summary>
/// Counts the stops of one robot. A motion notes it on arrival; if it moved on by the time the motion enters the gate,
/// a stop took effect first and the motion is dropped, not applied after it.
/// </summary>
internal sealed class StopEpoch
{
    private long _value;

    public long Current => Interlocked.Read(ref _value);

    public long Bump() => Interlocked.Increment(ref _value);
}
