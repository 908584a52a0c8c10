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
public sealed record AuditRecord(
    long Id,
    DateTimeOffset Time,
    string User,
    string? Robot,
    string Action,
    IReadOnlyDictionary<string, string>? Parameters,
    string Outcome,
    string? Detail);
