namespace DualRobot.Api.Robots;

/// <summary>The eye's blink: a periodic tick while the eye is set to blink, none otherwise.</summary>
internal sealed class EyeBlinker : IDisposable
{
    private readonly TimeSpan _interval;
    private readonly ITimer _timer;

    /// <param name="onTick">Toggles the LED; runs on the timer's thread, every <paramref name="interval"/>.</param>
    public EyeBlinker(TimeProvider time, TimeSpan interval, Func<Task> onTick)
    {
        _interval = interval;
        _timer = time.CreateTimer(_ => _ = onTick(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Ticks from one interval from now if <paramref name="eye"/> blinks, stops ticking otherwise.</summary>
    public void Follow(EyeState eye)
    {
        if (eye == EyeState.Blink)
        {
            _timer.Change(_interval, _interval);
        }
        else
        {
            Stop();
        }
    }

    public void Stop() => _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    public void Dispose() => _timer.Dispose();
}
