using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace DualRobot.Frontend.Operators;

/// <summary>
/// Remembers, in a protected cookie, which users signed in from a browser (the last <see cref="MaxUsers"/>, for
/// <see cref="Lifetime"/>), under a random id of the browser. The per-account sign-in limit counts such a browser's
/// failures apart from everyone else's, so an attacker who exhausts an account's limit does not lock its owner out
/// of the browsers they use. The cookie grants nothing by itself: the password is checked as always.
/// </summary>
public sealed class KnownBrowsers(IDataProtectionProvider protection)
{
    public const string CookieName = "DualRobot.KnownBrowser";
    public const int MaxUsers = 8;
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    private readonly ITimeLimitedDataProtector _protector =
        protection.CreateProtector("DualRobot.Frontend.KnownBrowser").ToTimeLimitedDataProtector();

    /// <summary>The browser's id if <paramref name="user"/> signed in from it before, else null.</summary>
    public string? IdFor(HttpContext context, string user) =>
        Read(context) is { } known && known.Users.Contains(user, StringComparer.OrdinalIgnoreCase) ? known.Id : null;

    /// <summary>After a successful sign-in: the browser is known to <paramref name="user"/> from now on.</summary>
    public void Remember(HttpContext context, string user)
    {
        var known = Read(context) ?? (Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), []);
        var users = known.Users.Where(name => !string.Equals(name, user, StringComparison.OrdinalIgnoreCase))
            .Prepend(user).Take(MaxUsers);
        var value = _protector.Protect(string.Join('\n', users.Prepend(known.Id)), DateTimeOffset.UtcNow + Lifetime);
        context.Response.Cookies.Append(OperatorCookieManager.NameOn(context.Request, CookieName), value, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            MaxAge = Lifetime,
            IsEssential = true,
        });
    }

    /// <summary>Line 1 the browser's id, then the users; null for no cookie, or one that is not ours or expired.</summary>
    private (string Id, string[] Users)? Read(HttpContext context)
    {
        if (context.Request.Cookies[OperatorCookieManager.NameOn(context.Request, CookieName)] is not { Length: > 0 } cookie)
        {
            return null;
        }

        try
        {
            var lines = _protector.Unprotect(cookie).Split('\n');
            return (lines[0], lines[1..]);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
