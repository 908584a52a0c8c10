namespace DualRobot.Api.Audit;

/// <summary>One line of the audit trail: who did what to which robot, with what, and how it ended.</summary>
/// <param name="Id">Increases with every record written; 0 until it is.</param>
/// <param name="Robot">Null for what concerns no single robot (the e-stop, sign-in).</param>
/// <param name="Parameters">The command's own values (direction, speed, angle...), as sent.</param>
/// <param name="Outcome">
/// <c>accepted</c>, or why not: the outcome label of <c>dualrobot_commands_total</c> (<c>estopped</c>,
/// <c>rate_limited</c>, <c>unavailable</c>...), <c>in_use</c>, <c>forbidden</c> or <c>invalid</c>.
/// </param>
/// <param name="Detail">What the caller was told when refused.</param>
/// <param name="Count">
/// How many commands the record stands for: 1, or for a refused robot command repeated within
/// <c>Audit:RefusalWindowSeconds</c> (same user, robot, action and outcome), how many were refused from
/// <paramref name="Time"/> to <paramref name="Last"/>.
/// </param>
/// <param name="Last">When the last of the counted refusals came; null for a record of a single event.</param>
public sealed record AuditRecord(
    long Id,
    DateTimeOffset Time,
    string User,
    string? Robot,
    string Action,
    IReadOnlyDictionary<string, string>? Parameters,
    string Outcome,
    string? Detail,
    int Count = 1,
    DateTimeOffset? Last = null);
