namespace DualRobot.Frontend.Operators;

/// <summary>The sign-in windows of one console process, on a <see cref="TimeProvider"/>.</summary>
internal sealed class SignInWindows(TimeProvider time) : ISignInWindows
{
    private readonly Dictionary<string, (DateTimeOffset End, int Count)> _windows = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _sync = new();
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    public Task<TimeSpan?> TryCountAsync(string key, int limit, TimeSpan window)
    {
        var now = time.GetUtcNow();
        lock (_sync)
        {
            Sweep(now, window);
            var (end, count) = _windows.TryGetValue(key, out var current) && now < current.End ? current : (now + window, 0);
            if (count >= limit)
            {
                return Task.FromResult<TimeSpan?>(end - now);
            }

            _windows[key] = (end, count + 1);
            return Task.FromResult<TimeSpan?>(null);
        }
    }

    public Task UncountAsync(string key)
    {
        lock (_sync)
        {
            if (_windows.TryGetValue(key, out var current) && current.Count > 0)
            {
                _windows[key] = current with { Count = current.Count - 1 };
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Forgets ended windows now and then, so keys tried once do not pile up.</summary>
    private void Sweep(DateTimeOffset now, TimeSpan window)
    {
        if (now < _nextSweep)
        {
            return;
        }

        _nextSweep = now + window;
        foreach (var (key, current) in _windows)
        {
            if (now >= current.End)
            {
                _windows.Remove(key);
            }
        }
    }
}
