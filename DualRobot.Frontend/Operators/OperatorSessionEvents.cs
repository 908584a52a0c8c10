using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace DualRobot.Frontend.Operators;

/// <summary>
/// The operator cookie's rules beyond the built-in ones: a session ends <see cref="OperatorOptions.SessionLifetime"/>
/// after sign-in however busy it is (the sliding expiry alone would renew it forever), and script calls to
/// <c>/control</c> and <c>/activity</c> get a status code instead of a redirect; a redirect never names a host.
/// Signing in deletes the session of the cookie the browser brought (see <see cref="OperatorCookieManager"/>).
/// </summary>
public sealed class OperatorSessionEvents(IOptions<OperatorOptions> operators, OperatorSessionStore sessions, TimeProvider time)
    : CookieAuthenticationEvents
{
    /// <summary>An idle session ends after this; each request in its second half renews it.</summary>
    public static readonly TimeSpan SlidingLifetime = TimeSpan.FromHours(8);

    public const string SignedInAtKey = "dualrobot.signed-in-at";

    public override async Task SigningIn(CookieSigningInContext context)
    {
        context.Properties.Items[SignedInAtKey] = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

        // The new session gets a new key (the sign-in page does not read the cookie); the old one must not live on
        // beside it, for whoever holds a copy of the old cookie.
        var options = context.Options;
        if (options.CookieManager is OperatorCookieManager cookies
            && cookies.Presented(context.HttpContext, options.Cookie.Name!) is { Length: > 0 } presented
            && options.TicketDataFormat.Unprotect(presented)?.Principal.FindFirst(OperatorSessionStore.SessionIdClaim)?.Value is { } oldKey)
        {
            await sessions.RemoveAsync(oldKey);
        }
    }

    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        if (!WithinLifetime(context.Properties))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(context.Scheme.Name);
        }
    }

    /// <summary>Whether a session signed in less than <see cref="OperatorOptions.SessionLifetime"/> ago.</summary>
    public bool WithinLifetime(AuthenticationProperties properties)
    {
        var signedInAt = properties.Items.TryGetValue(SignedInAtKey, out var text)
                         && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at
            : (DateTimeOffset?)null;
        return signedInAt is not null && time.GetUtcNow() - signedInAt < operators.Value.SessionLifetime;
    }

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context) =>
        StatusOrRedirect(context, StatusCodes.Status401Unauthorized);

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context) =>
        StatusOrRedirect(context, StatusCodes.Status403Forbidden);

    public override Task RedirectToLogout(RedirectContext<CookieAuthenticationOptions> context) => StatusOrRedirect(context, null);

    public override Task RedirectToReturnUrl(RedirectContext<CookieAuthenticationOptions> context) => StatusOrRedirect(context, null);

    private static Task StatusOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int? status)
    {
        if (status is { } code && (context.Request.Path.StartsWithSegments("/control") || context.Request.Path.StartsWithSegments("/activity")))
        {
            context.Response.StatusCode = code;
            return Task.CompletedTask;
        }

        // The handler builds an absolute URI from the request's Host; the path alone cannot send anyone elsewhere.
        var target = Uri.TryCreate(context.RedirectUri, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : context.RedirectUri;
        context.Response.Redirect(target);
        return Task.CompletedTask;
    }
}
