namespace DualRobot.Api.Robots.Motion;

/// <summary>
/// Publishes a moving robot's state every <c>Events:PoseInterval</c>, so its pose reaches <c>/robots/events</c>
/// while it moves; silent while it stands still (a command or stop publishes by itself).
/// </summary>
internal sealed class PoseTicker : IDisposable
{
    private readonly ITimer _timer;
    private readonly TimeSpan _interval;
    private int _running;

    public PoseTicker(TimeProvider time, TimeSpan interval, Action publish)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(publish);
        _interval = interval;
        _timer = time.CreateTimer(_ => publish(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Ticks while <paramref name="moving"/>; a change of motion restarts the period (it was just published).</summary>
    public void Follow(bool moving)
    {
        if (moving)
        {
            Interlocked.Exchange(ref _running, 1);
            _timer.Change(_interval, _interval);
        }
        else if (Interlocked.Exchange(ref _running, 0) == 1)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose() => _timer.Dispose();
}
