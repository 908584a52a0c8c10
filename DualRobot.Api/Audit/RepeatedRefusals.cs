using DualRobot.Api.Diagnostics;

namespace DualRobot.Api.Audit;

/// <summary>
/// Which records may be counted together, and the open <see cref="RefusalRepeat"/> of each user, robot, action and
/// outcome. A client can repeat a refused robot command as fast as it can send it (one socket sent 10,000 in 2.4 s);
/// one record per window keeps the store from growing with it. Accepted commands, refusals for the role
/// (<c>forbidden</c>), take-overs and everything that concerns no single robot (e-stop, sign-in) are one record each.
/// </summary>
internal sealed class RepeatedRefusals(TimeSpan window)
{
    private readonly Dictionary<(string User, string Robot, string Action, string Outcome), RefusalRepeat> _open = [];
    private readonly Lock _sync = new();
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    public static bool IsRepeatable(AuditRecord record) =>
        record.Robot is not null
        && record.Outcome is not (CommandOutcomes.Accepted or CommandOutcomes.Forbidden)
        && record.Action != RobotActions.TakeControl;

    /// <summary>
    /// Counts <paramref name="refusal"/> in its open repeat, or starts one. Returns the repeat when it must be
    /// queued (new, or taken by the writer since its last refusal); null when it is queued already.
    /// </summary>
    public RefusalRepeat? Add(AuditRecord refusal) => Add(refusal, out _);

    /// <inheritdoc cref="Add(AuditRecord)"/>
    /// <param name="refusal">The refused command's record.</param>
    /// <param name="started">Whether <paramref name="refusal"/> started a new repeat.</param>
    public RefusalRepeat? Add(AuditRecord refusal, out bool started)
    {
        var key = (refusal.User, refusal.Robot!, refusal.Action, refusal.Outcome);
        lock (_sync)
        {
            Sweep(refusal.Time);
            if (_open.TryGetValue(key, out var open) && refusal.Time - open.Start < window)
            {
                started = false;
                return open.Add(refusal.Time, refusal.Parameters) ? open : null;
            }

            var repeat = new RefusalRepeat(refusal);
            _open[key] = repeat;
            started = true;
            return repeat;
        }
    }

    /// <summary>Forgets closed repeats once per window.</summary>
    private void Sweep(DateTimeOffset now)
    {
        if (now < _nextSweep)
        {
            return;
        }

        _nextSweep = now + window;
        foreach (var (key, repeat) in _open)
        {
            if (now - repeat.Start >= window)
            {
                _open.Remove(key);
            }
        }
    }
}
