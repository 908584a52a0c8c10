namespace DualRobot.Frontend.Operators;

/// <summary>
/// Counts sign-in attempts per key in fixed windows: at most <c>limit</c> per <c>window</c>, the window starting at
/// the key's first count. <see cref="SignInThrottle"/> keeps its limits here: in this process
/// (<see cref="SignInWindows"/>) or, for console replicas, in Redis (<see cref="RedisSignInWindows"/>), so N replicas
/// do not give a guesser N times the attempts.
/// </summary>
public interface ISignInWindows
{
    /// <summary>
    /// Counts one attempt for <paramref name="key"/> before it runs (so concurrent attempts cannot overshoot the limit);
    /// null when the window is full, else the wait until it ends.
    /// </summary>
    Task<TimeSpan?> TryCountAsync(string key, int limit, TimeSpan window);

    /// <summary>The counted attempt is not to count after all (it succeeded): the window stays where it started.</summary>
    Task UncountAsync(string key);
}
