namespace DualRobot.Contract;

/// <summary>What a group is doing, as served by <c>GET /groups/{group}</c> and every group command's answer.</summary>
/// <param name="Members">In configuration order: the first leads in the mirror and follow modes.</param>
/// <param name="Mode">The mode of the group's current motion; null while it has none (stopped, or its lease ended).</param>
/// <param name="LeaseRemainingMs">What is left of the group's one lease, renewed by <c>POST /groups/{group}/heartbeat</c>.</param>
/// <param name="OffsetMeters">How far behind its leader each follower keeps, while following.</param>
/// <param name="Estimated">True where a member's pose is only dead reckoning (hardware): then so is following.</param>
/// <param name="Robots">Every member's state, in <paramref name="Members"/> order.</param>
public sealed record GroupState(
    string Name,
    IReadOnlyList<string> Members,
    GroupMode? Mode,
    int LeaseRemainingMs,
    double? OffsetMeters,
    bool Estimated,
    IReadOnlyList<RobotState> Robots);
