namespace DualRobot.Frontend.Operators.Sessions;

/// <summary>
/// Where <see cref="OperatorSessionStore"/> keeps each session's protected ticket under its key: in memory (one
/// console, sessions end with the process), in files beside the key ring (one console that restarts), or in Redis
/// (any number of console replicas, a sign-out on one revokes the session on all).
/// </summary>
public interface IOperatorSessionBackend
{
    /// <summary>The protected ticket stored under <paramref name="key"/>, or null when there is none (signed out, never was).</summary>
    ValueTask<byte[]?> ReadAsync(string key);

    /// <param name="isNew">A new session: no replica can have an older copy of it.</param>
    Task WriteAsync(string key, byte[] ticket, bool isNew);

    Task DeleteAsync(string key);

    /// <summary>Forgets sessions last written before <paramref name="cutoff"/> (a backend whose entries expire by themselves ignores it).</summary>
    void RemoveWrittenBefore(DateTimeOffset cutoff);
}
