namespace DualRobot.Api.Control;

/// <summary>
/// One robot's command queue: commands enter in arrival order and one at a time, so their pin writes never
/// interleave. A stop enters ahead of every waiting command (it never queues behind motions).
/// </summary>
/// <remarks>
/// The gate is handed to each waiter in turn, which resumes on a thread of its own. Running the queued bodies on the
/// holder's thread instead (tried for issue 29) did not lower the api's CPU per drive at saturation by more than the
/// noise of the same run, and made a caller's answer wait for others' bodies, so the gate stays this simple.
/// </remarks>
internal sealed class CommandGate
{
    private readonly object _sync = new();
    private readonly LinkedList<TaskCompletionSource> _waiters = new();
    private bool _held;

    /// <summary>Waits for the gate (a stop ahead of every waiting motion); the caller then holds it until <see cref="Exit"/>.</summary>
    public Task EnterAsync(bool priority = false)
    {
        lock (_sync)
        {
            if (!_held)
            {
                _held = true;
                return Task.CompletedTask;
            }

            if (priority)
            {
                // Behind other stops (they are just as urgent and came first), ahead of every motion.
                var node = _waiters.First;
                while (node is not null && node.Value.Task.AsyncState is PriorityMarker)
                {
                    node = node.Next;
                }

                var priorityWaiter = new TaskCompletionSource(PriorityMarker.Instance, TaskCreationOptions.RunContinuationsAsynchronously);
                if (node is null)
                {
                    _waiters.AddLast(priorityWaiter);
                }
                else
                {
                    _waiters.AddBefore(node, priorityWaiter);
                }

                return priorityWaiter.Task;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.AddLast(waiter);
            return waiter.Task;
        }
    }

    /// <summary>Runs <paramref name="body"/> holding the gate, and lets the next one in after it, whatever happens.</summary>
    public async Task<T> RunAsync<T>(bool priority, Func<T> body)
    {
        await EnterAsync(priority);
        try
        {
            return body();
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>Lets the next waiter in, or frees the gate.</summary>
    public void Exit()
    {
        TaskCompletionSource? next;
        lock (_sync)
        {
            next = _waiters.First?.Value;
            if (next is null)
            {
                _held = false;
                return;
            }

            _waiters.RemoveFirst();
        }

        next.SetResult();
    }

    private sealed class PriorityMarker
    {
        public static readonly PriorityMarker Instance = new();
    }
}
