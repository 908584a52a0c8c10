namespace DualRobot.Api.Control;

/// <summary>
/// One robot's command queue: commands enter in arrival order and one at a time, so their pin writes never
/// interleave. A stop enters ahead of every waiting command (it never queues behind motions).
/// </summary>
internal sealed class CommandGate
{
    private readonly object _sync = new();
    private readonly LinkedList<TaskCompletionSource> _waiters = new();
    private bool _held;

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
