using DualRobot.Api.Robots.Motion;

namespace DualRobot.Api.Safety;

/// <summary>What the envelope checks a motion's path against: where it starts, its wheel speeds, for how long.</summary>
/// <param name="LeftSpeed">Left wheel, m/s (the applied side value × the wheel's top speed).</param>
/// <param name="Arena">The arena's walls (centred on the origin), or null where there are none (hardware).</param>
internal readonly record struct PathQuery(
    Pose Start, double LeftSpeed, double RightSpeed, double WheelBase, double Seconds, Arena? Arena, double Margin)
{
    /// <summary>m/s along the path, whichever way.</summary>
    public double Speed => Math.Abs((LeftSpeed + RightSpeed) / 2);
}

/// <summary>
/// How long a motion may run before its path comes nearer than the margin to a keep-out zone or the arena's edge.
/// The path is the pose estimator's (<see cref="Odometry.Integrate"/>, the simulation's own kinematics), walked in
/// steps as long as the clearance left (a distance changes no faster than the robot moves, so no step can jump a
/// boundary), at least <c>max(0.5 mm, path / 200)</c>, and the crossing found by bisection to 0.01 mm. Zones whose
/// bounding box is out of reach are ruled out first, so a motion far from everything costs a few comparisons per
/// zone; nothing is allocated.
/// </summary>
internal static class PathClearance
{
    /// <summary>No constraint stopped the path.</summary>
    public const int None = -2;

    /// <summary>The arena's edge stopped the path.</summary>
    public const int ArenaEdge = -1;

    /// <summary>
    /// Inside a zone, a path must lose depth at least this fast (metres per metre driven: within 60° of straight out)
    /// until it is clear of the zone and its margin; a spin on the spot is always allowed.
    /// </summary>
    public const double EscapeGain = 0.5;

    /// <summary>Numerical slack on every comparison (m).</summary>
    public const double Tolerance = 1e-9;

    private const double FinestStep = 0.0005;
    private const int MaxStepsPerPath = 200;
    private const double Precision = 1e-5;

    /// <summary>
    /// Seconds the motion may run (all of <see cref="PathQuery.Seconds"/> when nothing is in the way) and what stops it:
    /// the index of the zone in <paramref name="areas"/>, <see cref="ArenaEdge"/> or <see cref="None"/>. A robot already
    /// nearer than the margin may go no nearer; one inside a zone may only leave it (<see cref="EscapeGain"/>).
    /// </summary>
    public static double FreeSeconds(in PathQuery query, KeepOutArea[] areas, out int blocker)
    {
        blocker = None;
        var speed = query.Speed;
        var reach = speed * query.Seconds;
        if (reach <= Tolerance)
        {
            // A spin on the spot, or a stop: the robot stays where it is.
            return query.Seconds;
        }

        Span<Constraint> all = stackalloc Constraint[areas.Length + 1];
        var count = 0;
        var (x0, y0) = (query.Start.X, query.Start.Y);
        var near = reach + query.Margin;
        for (var i = 0; i < areas.Length; i++)
        {
            if (areas[i].BoxDistanceSquared(x0, y0) > near * near)
            {
                continue;
            }

            var distance = areas[i].SignedDistance(x0, y0);
            if (distance - reach < query.Margin)
            {
                all[count++] = new Constraint(i, Math.Min(query.Margin, distance), Escape: distance < 0);
            }
        }

        if (query.Arena is { } arena && arena.Clearance(x0, y0) is var clearance && clearance - reach < query.Margin)
        {
            all[count++] = new Constraint(ArenaEdge, Math.Min(query.Margin, clearance), Escape: false);
        }

        if (count == 0)
        {
            return query.Seconds;
        }

        var constraints = all[..count];
        var fastest = (1 + EscapeGain) * speed; // how fast any gap can shrink, per second
        var finest = Math.Max(FinestStep, reach / MaxStepsPerPath) / speed;
        var (t, gap) = (0.0, 0.0);
        while (t < query.Seconds)
        {
            var next = Math.Min(query.Seconds, t + Math.Max(gap / fastest, finest));
            var nextGap = Gap(query, areas, constraints, next, out var which);
            if (nextGap < -Tolerance)
            {
                return Bisect(query, areas, constraints, t, next, which, out blocker);
            }

            (t, gap) = (next, nextGap);
        }

        return query.Seconds;
    }

    /// <summary>Between a time the path is clear and one it is not: the last clear time, to <see cref="Precision"/>.</summary>
    private static double Bisect(in PathQuery query, KeepOutArea[] areas, ReadOnlySpan<Constraint> constraints, double clear, double blocked, int which, out int blocker)
    {
        var speed = query.Speed;
        while ((blocked - clear) * speed > Precision)
        {
            var middle = (clear + blocked) / 2;
            if (Gap(query, areas, constraints, middle, out var at) < -Tolerance)
            {
                (blocked, which) = (middle, at);
            }
            else
            {
                clear = middle;
            }
        }

        blocker = which;
        return clear;
    }

    /// <summary>The smallest gap, over every constraint, at time <paramref name="t"/> along the path (negative: violated).</summary>
    private static double Gap(in PathQuery query, KeepOutArea[] areas, ReadOnlySpan<Constraint> constraints, double t, out int which)
    {
        var pose = Odometry.Integrate(query.Start, query.LeftSpeed, query.RightSpeed, query.WheelBase, t);
        var smallest = double.PositiveInfinity;
        which = None;
        foreach (var constraint in constraints)
        {
            double gap;
            if (constraint.Index == ArenaEdge)
            {
                gap = query.Arena!.Clearance(pose.X, pose.Y) - constraint.Anchor;
            }
            else
            {
                var distance = areas[constraint.Index].SignedDistance(pose.X, pose.Y);
                gap = distance - constraint.Anchor;
                if (constraint.Escape)
                {
                    // Losing depth fast enough, or out past the margin already.
                    gap = Math.Max(gap - (EscapeGain * query.Speed * t), distance - query.Margin);
                }
            }

            if (gap < smallest)
            {
                (smallest, which) = (gap, constraint.Index);
            }
        }

        return smallest;
    }

    /// <param name="Anchor">The gap's zero: the margin, or how near the robot already was if nearer (it may go no nearer).</param>
    /// <param name="Escape">The robot starts inside the zone: it must leave.</param>
    private readonly record struct Constraint(int Index, double Anchor, bool Escape);
}
