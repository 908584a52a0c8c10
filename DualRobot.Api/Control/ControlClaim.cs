namespace DualRobot.Api.Control;

/// <summary>A user's hold on one robot.</summary>
/// <param name="Since">When this user's claim began (renewals keep it).</param>
/// <param name="LastCommand">When the user last commanded the robot; the claim lapses <c>Control:ClaimIdleSeconds</c> after it.</param>
public sealed record ControlClaim(string Robot, string User, DateTimeOffset Since, DateTimeOffset LastCommand)
{
    public bool IsHeldBy(string user) => string.Equals(User, user, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The answer to a take-over.</summary>
/// <param name="Granted">The claim is now the caller's.</param>
/// <param name="Holder">Refused: who holds it. Granted: whom it was taken from, or null if nobody else held it.</param>
public sealed record TakeOverResult(bool Granted, ControlClaim? Holder);
