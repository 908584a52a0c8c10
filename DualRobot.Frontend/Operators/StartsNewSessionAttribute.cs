namespace DualRobot.Frontend.Operators;

/// <summary>
/// On a page that signs in: the operator cookie the request carries is not read there (<see cref="OperatorCookieManager"/>),
/// so signing in always makes a new session instead of renewing, under the new user, the one the browser held.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class StartsNewSessionAttribute : Attribute;
