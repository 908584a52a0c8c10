using System.Collections.Concurrent;

namespace DualRobot.Frontend.Operators.Sessions;

/// <summary>Sessions in this process only: without a key ring path, a restart signs everyone out.</summary>
public sealed class MemorySessionBackend(TimeProvider time) : IOperatorSessionBackend
{
    private readonly ConcurrentDictionary<string, (byte[] Ticket, DateTimeOffset Written)> _sessions = new(StringComparer.Ordinal);

    public ValueTask<byte[]?> ReadAsync(string key) => ValueTask.FromResult(_sessions.TryGetValue(key, out var entry) ? entry.Ticket : null);

    public Task WriteAsync(string key, byte[] ticket, bool isNew)
    {
        _sessions[key] = (ticket, time.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string key)
    {
        _sessions.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    public void RemoveWrittenBefore(DateTimeOffset cutoff)
    {
        foreach (var (key, entry) in _sessions)
        {
            if (entry.Written < cutoff)
            {
                _sessions.TryRemove(key, out _);
            }
        }
    }
}
