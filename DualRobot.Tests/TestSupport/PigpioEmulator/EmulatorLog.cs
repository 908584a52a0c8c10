using System.Collections.Concurrent;

namespace DualRobot.TestSupport.PigpioEmulator;

/// <summary>
/// What the emulator saw, in order (requests, a script's pin commands), and waiters for an entry that matches: a test
/// waits for a client's last command or a script's first write without sleeping.
/// </summary>
internal sealed class EmulatorLog<T>
    where T : class
{
    private readonly ConcurrentQueue<T> _entries = new();
    private readonly List<(Predicate<T> Match, TaskCompletionSource<T> Completion)> _waiters = [];

    public IReadOnlyList<T> Entries => _entries.ToArray();

    public void Clear() => _entries.Clear();

    public void Add(T entry)
    {
        lock (_waiters)
        {
            _entries.Enqueue(entry);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(entry))
                {
                    _waiters[i].Completion.TrySetResult(entry);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Completes with the first entry, past or future, that matches.</summary>
    /// <exception cref="TimeoutException">None within <paramref name="timeout"/>.</exception>
    public Task<T> WaitAsync(Predicate<T> match, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(match);
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            // Under the same lock as Add, so an entry cannot arrive between the scan and the registration.
            foreach (var entry in _entries)
            {
                if (match(entry))
                {
                    return Task.FromResult(entry);
                }
            }

            _waiters.Add((match, completion));
        }

        return completion.Task.WaitAsync(timeout);
    }
}
