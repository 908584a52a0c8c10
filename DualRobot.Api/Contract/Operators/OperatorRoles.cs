using System.Security.Claims;

namespace DualRobot.Contract;

/// <summary>
/// What a user may do: configured per console user (<c>Operators:Users:&lt;name&gt;:Role</c>) and told to the api in
/// <see cref="OperatorHeaders.Role"/>. Each role includes the ones before it, so a principal carries one role claim
/// per level: a supervisor is also an operator and a viewer.
/// </summary>
public static class OperatorRoles
{
    /// <summary>Signed in, read-only: the fleet and the activity, no commands.</summary>
    public const string Viewer = "viewer";

    /// <summary>Drive, eye, servos, stop, e-stop, take control of an idle claim. The console's default.</summary>
    public const string Operator = "operator";

    /// <summary>Also releases the e-stop and takes control at once, even from someone who is driving.</summary>
    public const string Supervisor = "supervisor";

    public static readonly string[] All = [Viewer, Operator, Supervisor];

    public static bool IsKnown(string? role) => role is not null && Array.IndexOf(All, role) >= 0;

    /// <summary>The role claims of <paramref name="role"/>: itself and every role below it.</summary>
    public static IEnumerable<Claim> Claims(string role) => All.Take(Array.IndexOf(All, role) + 1).Select(r => new Claim(ClaimTypes.Role, r));

    /// <summary>The highest role of a principal: what the console tells the api.</summary>
    public static string? Of(ClaimsPrincipal user) => All.LastOrDefault(user.IsInRole);
}
