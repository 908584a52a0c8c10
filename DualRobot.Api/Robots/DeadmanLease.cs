namespace DualRobot.Api.Robots;

/// <summary>
/// A motion's lease: held while the robot moves, renewed by heartbeats and drives, and reported as lapsed when its
/// timer fires with no renewal. The timer only raises the alarm; whether the lease really lapsed is decided by
/// <see cref="HasLapsed"/> inside the robot's gate, where a renewal that won the race is visible.
/// </summary>
internal sealed class DeadmanLease : IDisposable
{
    private readonly object _sync = new();
    private readonly TimeProvider _time;
    private readonly ITimer _timer;

    // Timestamp (of _time) at which the lease runs out; 0 while no lease is held.
    private long _deadline;

    public DeadmanLease(TimeProvider time, Func<Task> onTimer)
    {
        _time = time;
        _timer = time.CreateTimer(_ => _ = onTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public bool IsHeld
    {
        get
        {
            lock (_sync)
            {
                return _deadline != 0;
            }
        }
    }

    /// <summary>Whole milliseconds left, 0 when none is held or it ran out.</summary>
    public int RemainingMs
    {
        get
        {
            lock (_sync)
            {
                return _deadline == 0 ? 0 : Math.Max(0, (int)_time.GetElapsedTime(_time.GetTimestamp(), _deadline).TotalMilliseconds);
            }
        }
    }

    /// <summary>Holds a lease of <paramref name="lease"/> from now, replacing any other.</summary>
    public void Hold(TimeSpan lease)
    {
        lock (_sync)
        {
            _deadline = _time.GetTimestamp() + (long)(lease.TotalSeconds * _time.TimestampFrequency);
            _timer.Change(lease, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Extends a held lease to <paramref name="lease"/> from now; does nothing while none is held.</summary>
    public void Renew(TimeSpan lease)
    {
        lock (_sync)
        {
            if (_deadline != 0)
            {
                Hold(lease);
            }
        }
    }

    /// <summary>Stops the timer and keeps the deadline (a stop that could not reach the pins leaves the lease shown).</summary>
    public void Disarm() => _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    /// <summary>No lease held any more: the robot stopped.</summary>
    public void Release()
    {
        lock (_sync)
        {
            _deadline = 0;
            Disarm();
        }
    }

    /// <summary>
    /// True if a lease is held and has run out. If a renewal pushed it past now after the timer fired, re-arms the
    /// timer for the rest and returns false.
    /// </summary>
    public bool HasLapsed()
    {
        lock (_sync)
        {
            if (_deadline == 0)
            {
                return false;
            }

            var remaining = _time.GetElapsedTime(_time.GetTimestamp(), _deadline);
            if (remaining > TimeSpan.Zero)
            {
                _timer.Change(remaining, Timeout.InfiniteTimeSpan);
                return false;
            }

            return true;
        }
    }

    public void Dispose() => _timer.Dispose();
}
