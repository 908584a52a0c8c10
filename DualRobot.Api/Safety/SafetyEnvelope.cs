using System.Globalization;
using DualRobot.Api.Control;
using DualRobot.Api.Diagnostics;
using DualRobot.Api.Robots;
using DualRobot.Api.Robots.Commands.Admission;
using DualRobot.Api.Robots.Devices;
using DualRobot.Api.Robots.Motion;

namespace DualRobot.Api.Safety;

/// <summary>
/// One robot's safety envelope. Every motion (drive, velocity, heartbeat renewal; never a stop) is capped at its
/// sender's role's speed and the robot's slow mode (both sides scaled alike, so the arc is kept), then its path over
/// its lease is predicted with the pose estimator's kinematics from the pose now: where it would come nearer than
/// <c>Safety:MarginMeters</c> to a keep-out zone or the arena's edge, a new motion on a robot with enable pins is
/// slowed so that it stops there when its lease ends, and a renewal (or a motion of a robot that has only full speed)
/// keeps its speed with its lease cut short to that point. A motion that cannot move at all without coming nearer is
/// refused. Runs in the robot's gate; the state it reports is read from any thread.
/// </summary>
internal sealed class SafetyEnvelope
{
    /// <summary>A motion that could go less than this far is no motion: it is refused rather than crawl (m).</summary>
    public const double MinTravel = 0.001;

    private readonly string _robot;
    private readonly KinematicsOptions _kinematics;
    private readonly Arena? _arena;
    private readonly bool _hasSpeedControl;
    private readonly bool _estimated;
    private readonly RobotSafety _safety;
    private readonly IReadOnlyDictionary<string, double> _maxSpeed;
    private readonly IReadOnlyDictionary<string, double> _maxSpeedSlow;
    private readonly Lock _sync = new();

    // Touched only in the gate: this robot's zones, compiled, as of a version of the catalog.
    private KeepOutArea[] _areas = [];
    private long _areasVersion = -1;

    // What limited the last motion, and the state last reported from it.
    private (EnvelopeLimit Limit, string? Zone, double Scale) _last = (EnvelopeLimit.None, null, 1);
    private EnvelopeState? _state;

    public SafetyEnvelope(string robot, RobotOptions options, Arena? arena, bool estimated, RobotSafety safety)
    {
        _robot = robot;
        _kinematics = options.Kinematics;
        _arena = arena;
        _hasSpeedControl = options.HasSpeedControl;
        _estimated = estimated;
        _safety = safety;
        _maxSpeed = MaxSpeeds(slow: false);
        _maxSpeedSlow = MaxSpeeds(slow: true);
    }

    private SafetyOptions Options => _safety.Options;

    /// <summary>
    /// Shapes a motion from <paramref name="pose"/>, the robot's pose now, or says why it may not move at all.
    /// </summary>
    /// <param name="current">The side values the robot runs at now (what a renewal renews).</param>
    /// <param name="role">The sender's role; null for a caller with every role.</param>
    public CommandRefusal? Decide(Pose pose, SideValues current, in MotionIntent intent, string? role, DriveTrain drive, out EnvelopeDecision decision)
    {
        var asked = intent.Sides ?? current;
        var cap = Cap(role, out var binding);
        var limit = EnvelopeLimit.None;
        var scale = 1.0;
        var sides = asked;
        var fastest = Math.Max(Math.Abs(asked.Left), Math.Abs(asked.Right));
        if (fastest > cap + PathClearance.Tolerance)
        {
            (limit, scale) = (binding, cap / fastest);
            sides = new SideValues(asked.Left * scale, asked.Right * scale);
        }

        var (left, right) = drive.OutputsFor(sides);
        decision = default;
        if (Math.Max(Math.Abs(left.Value), Math.Abs(right.Value)) > cap + PathClearance.Tolerance)
        {
            return new CommandRefusal(CommandStatus.SpeedLimited, CommandOutcomes.SpeedLimited, string.Create(CultureInfo.InvariantCulture,
                $"Robot '{_robot}' has no enable (PWM) pins: it only drives at full speed, over the {Describe(binding)} of {cap}."));
        }

        string? zone = null;
        var lease = intent.Lease;
        var areas = Areas();
        if (areas.Length > 0 || _arena is not null)
        {
            var speed = _kinematics.MaxWheelSpeedMetersPerSecond;
            var query = new PathQuery(pose, left.Value * speed, right.Value * speed, _kinematics.WheelBaseMeters, lease.TotalSeconds, _arena, Options.MarginMeters);
            var free = PathClearance.FreeSeconds(query, areas, out var blocker);
            if (blocker != PathClearance.None)
            {
                limit = blocker == PathClearance.ArenaEdge ? EnvelopeLimit.Arena : EnvelopeLimit.KeepOut;
                zone = blocker == PathClearance.ArenaEdge ? null : areas[blocker].Name;
                if (free * query.Speed < MinTravel)
                {
                    return KeepOut(zone, pose, areas, blocker);
                }

                if (intent.IsRenewal || !_hasSpeedControl)
                {
                    lease = TimeSpan.FromTicks((long)(free * TimeSpan.TicksPerSecond));
                }
                else
                {
                    // The same arc, slower: at its lease's end the robot is where the full speed would have been at `free`.
                    var slower = free / intent.Lease.TotalSeconds;
                    sides = new SideValues(sides.Left * slower, sides.Right * slower);
                    scale *= slower;
                }
            }
        }

        decision = new EnvelopeDecision(sides, lease, limit, zone, scale, intent.IsRenewal, sides != asked, lease != intent.Lease);
        return null;
    }

    /// <summary>The motion was written: the state now reports what limited it. A renewal that limited nothing keeps the motion's.</summary>
    public void Commit(in EnvelopeDecision decision)
    {
        if (!decision.Made)
        {
            return;
        }

        lock (_sync)
        {
            _last = decision switch
            {
                { IsRenewal: true, Limit: EnvelopeLimit.None } => _last,
                { IsRenewal: true } => (decision.Limit, decision.Zone, _last.Scale * decision.Scale),
                _ => (decision.Limit, decision.Zone, decision.Scale),
            };
        }
    }

    /// <summary>
    /// Slack beyond the margin within which a robot counts as held at the arena's edge: its lease, cut short to stop at
    /// the margin, ends on the deadman's timer, a few milliseconds (millimetres) either side.
    /// </summary>
    public const double EdgeSlackMeters = 0.01;

    /// <summary>
    /// Whether <paramref name="pose"/> is as near the arena's edge as the envelope lets a robot come, so that it holds
    /// any motion further that way back: what a console shows as "at the wall". Never without an arena (hardware).
    /// </summary>
    public bool HoldsAtArenaEdge(Pose pose) =>
        _arena is { } arena && arena.Clearance(pose.X, pose.Y) <= Options.MarginMeters + EdgeSlackMeters;

    /// <summary>The envelope as the robot's state reports it; the same instance while nothing in it changed.</summary>
    public EnvelopeState State()
    {
        var slow = _safety.SlowModes.IsOn(_robot);
        var version = _safety.Zones.Current.Version;
        lock (_sync)
        {
            if (_state is not { } state || state.Limit != _last.Limit || state.Zone != _last.Zone || state.Scale != _last.Scale
                || state.SlowMode != slow || state.ZonesVersion != version)
            {
                _state = state = new EnvelopeState(_last.Limit, _last.Zone, _last.Scale, slow, slow ? _maxSpeedSlow : _maxSpeed, _estimated, version);
            }

            return state;
        }
    }

    /// <summary>This robot's zones as of the catalog's current version, compiled once per version.</summary>
    private KeepOutArea[] Areas()
    {
        var snapshot = _safety.Zones.Current;
        if (snapshot.Version != _areasVersion)
        {
            _areas = [.. snapshot.Areas.Where(area => area.Applies(_robot))];
            _areasVersion = snapshot.Version;
        }

        return _areas;
    }

    /// <summary>The fastest a side may run for <paramref name="role"/> now, and which limit that is.</summary>
    private double Cap(string? role, out EnvelopeLimit limit)
    {
        var cap = RoleCap(role);
        limit = EnvelopeLimit.Role;
        if (_safety.SlowModes.IsOn(_robot) && Options.SlowModeMaxSpeed <= cap)
        {
            cap = Options.SlowModeMaxSpeed;
            limit = EnvelopeLimit.SlowMode;
        }

        return cap;
    }

    // A caller with the key and no role header has every role; a viewer never gets this far.
    private double RoleCap(string? role) => role is OperatorRoles.Operator or OperatorRoles.Viewer ? Options.MaxSpeed.Operator : Options.MaxSpeed.Supervisor;

    private Dictionary<string, double> MaxSpeeds(bool slow) => new[] { OperatorRoles.Operator, OperatorRoles.Supervisor }.ToDictionary(
        role => role,
        role => Math.Min(RoleCap(role), slow ? Options.SlowModeMaxSpeed : 1) is var cap && (_hasSpeedControl || cap >= 1) ? cap : 0);

    private CommandRefusal KeepOut(string? zone, Pose pose, KeepOutArea[] areas, int blocker)
    {
        var margin = Options.MarginMeters.ToString(CultureInfo.InvariantCulture);
        var detail = zone is null
            ? $"Robot '{_robot}' cannot move that way without coming within {margin} m of the arena's edge; turn or drive away from it."
            : areas[blocker].SignedDistance(pose.X, pose.Y) < 0
                ? $"Robot '{_robot}' is inside keep-out zone '{zone}' and may only leave it: turn toward the way out, then drive."
                : $"Robot '{_robot}' cannot move that way without coming within {margin} m of keep-out zone '{zone}'; turn or drive away from it.";
        return new CommandRefusal(CommandStatus.KeepOut, CommandOutcomes.KeepOut, detail, Zone: zone);
    }

    private static string Describe(EnvelopeLimit limit) => limit == EnvelopeLimit.SlowMode ? "slow-mode cap" : "role's speed cap";
}
