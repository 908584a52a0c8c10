namespace DualRobot.Api.Groups;

/// <summary>
/// Runs a group's follow steps once every pose interval (a <see cref="TimeProvider"/> timer, so tests step it with a
/// fake clock), one at a time: a step still running when the next is due lets that one pass.
/// </summary>
internal sealed class FollowLoop : IDisposable
{
    private readonly ITimer _timer;
    private readonly Func<Task> _step;
    private int _running;

    public FollowLoop(TimeProvider time, TimeSpan interval, Func<Task> step)
    {
        _step = step;
        _timer = time.CreateTimer(_ => _ = TickAsync(), null, interval, interval);
    }

    private async Task TickAsync()
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            return;
        }

        try
        {
            await _step();
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    public void Dispose() => _timer.Dispose();
}
