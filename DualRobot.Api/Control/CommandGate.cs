using System.Diagnostics;

namespace DualRobot.Api.Control;

/// <summary>
/// One robot's command queue: commands enter in arrival order and one at a time, so their pin writes never
/// interleave. A stop enters ahead of every waiting command (it never queues behind motions).
/// </summary>
/// <remarks>
/// A command's body is short and synchronous, so whoever holds the gate runs the bodies queued behind it before it
/// lets go (each under its own caller's execution context: its span, trace and log scope), for up to
/// <see cref="DrainBudget"/>, and hands what is left to a thread-pool item. Handing the gate to each waiter in turn
/// made a convoy under load: every hand-over waited for a thread to resume the waiter while the gate stood idle, and
/// everything arriving meanwhile queued behind it (a drive profile at saturation, issue 29: a fifth more CPU per command
/// with every client on one robot than with them spread over two).
/// </remarks>
internal sealed class CommandGate
{
    /// <summary>How long a caller runs other callers' bodies before the rest go to the thread pool: its own answer waits meanwhile.</summary>
    private static readonly TimeSpan DrainBudget = TimeSpan.FromMilliseconds(0.2);

    private readonly object _sync = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private bool _held;

    /// <summary>Waits for the gate; the caller then holds it until <see cref="Exit"/>.</summary>
    public Task EnterAsync(bool priority = false)
    {
        lock (_sync)
        {
            if (!_held)
            {
                _held = true;
                return Task.CompletedTask;
            }

            var waiter = new Handover(priority);
            Enqueue(waiter);
            return waiter.Entered;
        }
    }

    /// <summary>Runs <paramref name="body"/> holding the gate, and lets the next one in after it, whatever happens.</summary>
    public Task<T> RunAsync<T>(bool priority, Func<T> body)
    {
        lock (_sync)
        {
            if (_held)
            {
                var waiter = new Queued<T>(priority, body);
                Enqueue(waiter);
                return waiter.Done;
            }

            _held = true;
        }

        Task<T> done;
        try
        {
            done = Task.FromResult(body());
        }
        catch (Exception ex)
        {
            done = Task.FromException<T>(ex);
        }

        Exit();
        return done;
    }

    /// <summary>Lets the next one in: runs the bodies queued behind (within the budget), or hands the gate over.</summary>
    public void Exit() => Drain(DrainBudget);

    private void Drain(TimeSpan budget)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            Waiter? next;
            lock (_sync)
            {
                next = _waiters.First?.Value;
                if (next is null)
                {
                    _held = false;
                    return;
                }

                if (next is Queued && Stopwatch.GetElapsedTime(started) >= budget)
                {
                    // Still held: the thread-pool item goes on from here, in the same order.
                    ThreadPool.UnsafeQueueUserWorkItem(static gate => gate.Drain(DrainBudget), this, preferLocal: false);
                    return;
                }

                _waiters.RemoveFirst();
            }

            if (!next.Admit())
            {
                return; // handed over: the gate is its caller's until it exits
            }
        }
    }

    private void Enqueue(Waiter waiter)
    {
        if (!waiter.Priority)
        {
            _waiters.AddLast(waiter);
            return;
        }

        // Behind other stops (they are just as urgent and came first), ahead of every motion.
        var node = _waiters.First;
        while (node is not null && node.Value.Priority)
        {
            node = node.Next;
        }

        if (node is null)
        {
            _waiters.AddLast(waiter);
        }
        else
        {
            _waiters.AddBefore(node, waiter);
        }
    }

    private abstract class Waiter(bool priority)
    {
        public bool Priority { get; } = priority;

        /// <summary>Lets this waiter in; true if the holder keeps the gate (the waiter's body ran), false if it passed to the waiter.</summary>
        public abstract bool Admit();
    }

    /// <summary>A caller of <see cref="EnterAsync"/>: the gate passes to it.</summary>
    private sealed class Handover(bool priority) : Waiter(priority)
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => _entered.Task;

        public override bool Admit()
        {
            _entered.SetResult();
            return false;
        }
    }

    /// <summary>A caller of <see cref="RunAsync{T}"/>: its body runs on the holder's thread, in the caller's context.</summary>
    private abstract class Queued(bool priority) : Waiter(priority);

    private sealed class Queued<T>(bool priority, Func<T> body) : Queued(priority)
    {
        private readonly ExecutionContext? _context = ExecutionContext.Capture();

        // The caller goes on (writes its answer) on a thread of its own, not inside the holder's.
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Done => _done.Task;

        public override bool Admit()
        {
            if (_context is null)
            {
                Run();
            }
            else
            {
                ExecutionContext.Run(_context, static queued => ((Queued<T>)queued!).Run(), this);
            }

            return true;
        }

        private void Run()
        {
            try
            {
                _done.SetResult(body());
            }
            catch (Exception ex)
            {
                _done.SetException(ex);
            }
        }
    }
}
