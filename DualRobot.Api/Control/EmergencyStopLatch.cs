namespace DualRobot.Api.Control;

/// <summary>The fleet-wide emergency stop: once latched, motion is refused until an explicit release.</summary>
public sealed class EmergencyStopLatch(TimeProvider time)
{
    private readonly object _sync = new();
    private EmergencyStopState _state = new(false, null);
    private volatile bool _shuttingDown;

    public bool IsLatched => State.Latched;

    /// <summary>Motion is refused while latched, and for good once the api is shutting down.</summary>
    public bool RefusesMotion => _shuttingDown || IsLatched;

    /// <summary>From here on no motion is accepted: the api is putting every robot in its safe state to exit.</summary>
    public void BeginShutdown() => _shuttingDown = true;

    public EmergencyStopState State
    {
        get
        {
            lock (_sync)
            {
                return _state;
            }
        }
    }

    /// <summary>Returns true if this call latched it, false if it already was.</summary>
    public bool Latch()
    {
        lock (_sync)
        {
            if (_state.Latched)
            {
                return false;
            }

            _state = new EmergencyStopState(true, time.GetUtcNow());
            return true;
        }
    }

    /// <summary>Returns true if this call released it, false if it was not latched.</summary>
    public bool Release()
    {
        lock (_sync)
        {
            if (!_state.Latched)
            {
                return false;
            }

            _state = new EmergencyStopState(false, null);
            return true;
        }
    }
}
