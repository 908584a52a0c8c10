using System.Collections.Concurrent;

namespace DualRobot.Api.Safety;

/// <summary>
/// Which robots a supervisor put in slow mode (teleop_twist_joy's normal and turbo, the other way round): kept in the
/// <see cref="SafetyStore"/> across restarts, read by the envelope on every motion without a lock.
/// </summary>
internal sealed class SlowModes(SafetyStore store, IReadOnlySet<string> stored, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, bool> _slow = new(
        stored.Select(robot => KeyValuePair.Create(robot, true)), StringComparer.OrdinalIgnoreCase);

    public bool IsOn(string robot) => _slow.ContainsKey(robot);

    /// <summary>Writes the store first: if that fails, the mode stays as it was.</summary>
    public void Set(string robot, bool enabled, string user)
    {
        store.SetSlowMode(robot, enabled, user, time.GetUtcNow());
        if (enabled)
        {
            _slow[robot] = true;
        }
        else
        {
            _slow.TryRemove(robot, out _);
        }
    }
}
