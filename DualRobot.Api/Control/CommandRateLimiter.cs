namespace DualRobot.Api.Control;

/// <summary>
/// A token bucket per robot: up to <c>MaxCommandsPerSecond</c> in any burst, refilled continuously. Computed from
/// timestamps on each call (no timer), so it costs nothing while idle.
/// </summary>
internal sealed class CommandRateLimiter(int commandsPerSecond, TimeProvider time)
{
    private readonly object _sync = new();
    private double _tokens = commandsPerSecond;
    private long _lastRefill = time.GetTimestamp();

    public bool TryAcquire()
    {
        if (commandsPerSecond <= 0)
        {
            return true;
        }

        lock (_sync)
        {
            var now = time.GetTimestamp();
            var elapsed = time.GetElapsedTime(_lastRefill, now).TotalSeconds;
            _lastRefill = now;
            _tokens = Math.Min(commandsPerSecond, _tokens + (elapsed * commandsPerSecond));
            if (_tokens < 1)
            {
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }
}
