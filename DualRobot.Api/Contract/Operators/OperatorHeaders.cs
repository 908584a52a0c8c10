namespace DualRobot.Contract;

/// <summary>
/// Who is acting, as the console tells the api. Trusted only on requests that carry the api key: the console sets
/// them from its sign-in cookie and never passes a browser's own headers on.
/// </summary>
public static class OperatorHeaders
{
    /// <summary>The signed-in user's name. Without it, a key holder is recorded as the key holder itself.</summary>
    public const string User = "X-DualRobot-User";

    /// <summary>The user's role (<see cref="OperatorRoles"/>). Without it, a key holder has every role.</summary>
    public const string Role = "X-DualRobot-Role";
}
