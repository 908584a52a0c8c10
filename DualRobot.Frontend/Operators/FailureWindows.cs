namespace DualRobot.Frontend.Operators;

/// <summary>
/// Failures per key in fixed windows on a <see cref="TimeProvider"/>: at most <c>limit</c> per <c>window</c>, the
/// window starting at a key's first failure. An attempt reserves its failure before it runs (so concurrent attempts
/// cannot overshoot the limit) and gives it back when it succeeds.
/// </summary>
internal sealed class FailureWindows(int limit, TimeSpan window, TimeProvider time)
{
    private readonly Dictionary<string, (DateTimeOffset Start, int Failures)> _windows = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _sync = new();
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    /// <summary>Reserves one failure for <paramref name="key"/>; false, with the wait, when its window is full.</summary>
    public bool TryReserve(string key, out TimeSpan retryAfter)
    {
        var now = time.GetUtcNow();
        lock (_sync)
        {
            Sweep(now);
            var (start, failures) = _windows.TryGetValue(key, out var current) && now - current.Start < window ? current : (now, 0);
            if (failures >= limit)
            {
                retryAfter = start + window - now;
                return false;
            }

            _windows[key] = (start, failures + 1);
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }

    /// <summary>The reserved attempt succeeded: it was no failure.</summary>
    public void Release(string key)
    {
        lock (_sync)
        {
            if (_windows.TryGetValue(key, out var current) && current.Failures > 0)
            {
                _windows[key] = current with { Failures = current.Failures - 1 };
            }
        }
    }

    /// <summary>Forgets ended windows once per window, so names tried once do not pile up.</summary>
    private void Sweep(DateTimeOffset now)
    {
        if (now < _nextSweep)
        {
            return;
        }

        _nextSweep = now + window;
        foreach (var (key, current) in _windows)
        {
            if (now - current.Start >= window)
            {
                _windows.Remove(key);
            }
        }
    }
}
