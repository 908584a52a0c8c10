namespace DualRobot.Frontend.Control;

/// <summary>
/// The order a command socket's commands go to the api in. Motions (drive, velocity, heartbeat) go in the order they
/// came, at most <c>maxInFlight</c> at a time; the rest wait here, while the socket keeps reading. A stop or the
/// e-stop never waits behind a motion: it goes at once (stops have <c>maxInFlight</c> places of their own; more wait
/// for one of those), and the motions still waiting for the robot it stops (every robot, for the e-stop) leave the
/// queue unsent, for the socket to answer as superseded. A page waits for one motion per robot at a time; a client that
/// lets more than <c>maxWaiting</c> commands wait is no page (<see cref="Admission.Overflow"/>).
/// </summary>
internal sealed class SocketCommandQueue(int maxInFlight, int maxWaiting)
{
    private readonly Lock _gate = new();
    private readonly Queue<SocketMessage> _stops = new();
    private readonly LinkedList<SocketMessage> _motions = new();
    private int _stopsInFlight;
    private int _motionsInFlight;
    private bool _closed;

    /// <summary>What becomes of a command handed to the queue.</summary>
    /// <param name="Start">The command itself when it may go now; null when it waits (or nothing goes any more).</param>
    /// <param name="Superseded">Motions that were waiting for the robot this stop is for, now out of the queue, unsent.</param>
    /// <param name="Overflow">The command would have to wait and the queue is full: it is not taken.</param>
    public readonly record struct Admission(SocketMessage? Start, IReadOnlyList<SocketMessage> Superseded, bool Overflow = false);

    public Admission Add(SocketMessage command)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return new(null, []);
            }

            var superseded = command.IsStop ? RemoveMotionsStoppedBy(command) : [];
            ref var inFlight = ref command.IsStop ? ref _stopsInFlight : ref _motionsInFlight;
            if (inFlight < maxInFlight)
            {
                inFlight++;
                return new(command, superseded);
            }

            if (_stops.Count + _motions.Count >= maxWaiting)
            {
                return new(null, superseded, Overflow: true);
            }

            if (command.IsStop)
            {
                _stops.Enqueue(command);
            }
            else
            {
                _motions.AddLast(command);
            }

            return new(null, superseded);
        }
    }

    /// <summary>
    /// <paramref name="command"/> has been answered: the next command of its kind that waits, which takes its place in
    /// flight (a waiting stop before any motion), or null.
    /// </summary>
    public SocketMessage? Done(SocketMessage command)
    {
        lock (_gate)
        {
            if (!_closed && command.IsStop && _stops.TryDequeue(out var stop))
            {
                return stop;
            }

            if (!_closed && !command.IsStop && _motions.First is { } motion)
            {
                _motions.RemoveFirst();
                return motion.Value;
            }

            if (command.IsStop)
            {
                _stopsInFlight--;
            }
            else
            {
                _motionsInFlight--;
            }

            return null;
        }
    }

    /// <summary>The socket is closing: nothing that waits goes any more, nor anything handed in later.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            _stops.Clear();
            _motions.Clear();
        }
    }

    private List<SocketMessage> RemoveMotionsStoppedBy(SocketMessage stop)
    {
        var superseded = new List<SocketMessage>();
        for (var node = _motions.First; node is not null;)
        {
            var next = node.Next;
            if (stop.Stops(node.Value.Command!.Robot))
            {
                superseded.Add(node.Value);
                _motions.Remove(node);
            }

            node = next;
        }

        return superseded;
    }
}
