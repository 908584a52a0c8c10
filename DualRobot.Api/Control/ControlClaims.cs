using Microsoft.Extensions.Options;

namespace DualRobot.Api.Control;

/// <summary>
/// Who holds each robot. Commanding a robot claims it for that user while they keep commanding it and for
/// <see cref="ControlOptions.ClaimIdleSeconds"/> after their last command; meanwhile other users' commands are
/// refused, except stops and the e-stop, which never ask. A claim is <em>active</em> while its holder commands it
/// (a command within <see cref="ControlOptions.ClaimActiveMs"/>: hold-to-move sends several a second) and
/// <em>idle</em> otherwise. Another operator may take over an idle claim; a supervisor may take over any claim.
/// Heartbeats count as commands only while the robot moves: a stopped robot's claim ages as if its holder were idle.
/// </summary>
public sealed class ControlClaims(IOptions<ControlOptions> options, TimeProvider time)
{
    private readonly Dictionary<string, ControlClaim> _claims = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _sync = new();
    private readonly TimeSpan _idle = TimeSpan.FromSeconds(options.Value.ClaimIdleSeconds);
    private readonly TimeSpan _active = TimeSpan.FromMilliseconds(options.Value.ClaimActiveMs);

    /// <summary>
    /// Claims (or renews) <paramref name="robot"/> for <paramref name="user"/> and returns null, or returns the
    /// other user's claim that stands in the way. Check and claim are one step, so two users racing for a free
    /// robot cannot both get it. Without <paramref name="renew"/> it only checks: a heartbeat of a stopped robot
    /// neither claims it nor keeps the user's claim from ageing.
    /// </summary>
    public ControlClaim? TryClaim(string robot, string user, bool renew = true)
    {
        var now = time.GetUtcNow();
        lock (_sync)
        {
            if (Current(robot, now) is { } held && !held.IsHeldBy(user))
            {
                return held;
            }

            if (renew)
            {
                _claims[robot] = Claimed(robot, user, now);
            }

            return null;
        }
    }

    /// <summary>
    /// Moves the claim to <paramref name="user"/>: at once when nobody else holds it or the holder is idle, and when
    /// the holder is active only if <paramref name="immediate"/> (a supervisor).
    /// </summary>
    public TakeOverResult TakeOver(string robot, string user, bool immediate)
    {
        var now = time.GetUtcNow();
        lock (_sync)
        {
            var held = Current(robot, now);
            if (held is not null && !held.IsHeldBy(user) && !immediate && now - held.LastCommand < _active)
            {
                return new TakeOverResult(false, held);
            }

            _claims[robot] = Claimed(robot, user, now);
            return new TakeOverResult(true, held is not null && !held.IsHeldBy(user) ? held : null);
        }
    }

    /// <summary>Gives up <paramref name="user"/>'s claim at once; false if they held none.</summary>
    public bool Release(string robot, string user)
    {
        lock (_sync)
        {
            return Current(robot, time.GetUtcNow()) is { } held && held.IsHeldBy(user) && _claims.Remove(robot);
        }
    }

    /// <summary>The claim on <paramref name="robot"/>, or null when nobody holds it (never claimed, or lapsed).</summary>
    public ControlClaim? Holder(string robot)
    {
        lock (_sync)
        {
            return Current(robot, time.GetUtcNow());
        }
    }

    private ControlClaim? Current(string robot, DateTimeOffset now) =>
        _claims.TryGetValue(robot, out var claim) && now - claim.LastCommand < _idle ? claim : null;

    private ControlClaim Claimed(string robot, string user, DateTimeOffset now) =>
        _claims.TryGetValue(robot, out var claim) && claim.IsHeldBy(user) && now - claim.LastCommand < _idle
            ? claim with { LastCommand = now }
            : new ControlClaim(robot, user, now, now);
}
