using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace DualRobot.Frontend.Operators;

/// <summary>Who may actuate: a signed-in operator (cookie), nobody else.</summary>
public static class OperatorPolicy
{
    public const string Name = "Operator";
    public const string Role = "operator";

    public static void Configure(AuthorizationPolicyBuilder policy) => policy
        .AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme)
        .RequireAuthenticatedUser()
        .RequireRole(Role);
}
