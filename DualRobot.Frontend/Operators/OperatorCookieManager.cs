using Microsoft.AspNetCore.Authentication.Cookies;

namespace DualRobot.Frontend.Operators;

/// <summary>
/// Where the operator cookie lives, beyond what the cookie handler decides:
/// <list type="bullet">
/// <item>Over HTTPS (directly, or as a trusted proxy's <c>X-Forwarded-Proto</c> says) its name carries the
/// <c>__Host-</c> prefix and it is always <c>Secure</c>, <c>Path=/</c>, without <c>Domain</c>: a browser accepts
/// such a cookie only from this very host over HTTPS, so neither a sibling domain nor a plain-HTTP page can plant
/// one. Over plain HTTP (development, http://localhost) a browser would drop a <c>__Host-</c> cookie, which must
/// be <c>Secure</c>, so the name there stays unprefixed; an HTTPS request never reads the unprefixed one.</item>
/// <item>A page marked <see cref="StartsNewSessionAttribute"/> (sign-in) never reads it. The cookie handler
/// renews the session a request arrived with instead of making a new one; not reading it means every sign-in
/// gets a new session key, whatever cookie the browser held (planted, or another user's).</item>
/// </list>
/// </summary>
public sealed class OperatorCookieManager : ICookieManager
{
    /// <summary>The name over plain HTTP; <see cref="HostPrefix"/> comes first over HTTPS.</summary>
    public const string CookieName = "DualRobot.Operator";

    public const string HostPrefix = "__Host-";

    private readonly ChunkingCookieManager _inner = new();

    /// <summary>The cookie's name on <paramref name="request"/>: prefixed over HTTPS.</summary>
    public static string NameOn(HttpRequest request, string name) => request.IsHttps ? HostPrefix + name : name;

    public string? GetRequestCookie(HttpContext context, string key) =>
        context.GetEndpoint()?.Metadata.GetMetadata<StartsNewSessionAttribute>() is null ? Presented(context, key) : null;

    /// <summary>The cookie as the browser sent it, even where it is not read (the sign-in page deletes its session).</summary>
    public string? Presented(HttpContext context, string key) => _inner.GetRequestCookie(context, NameOn(context.Request, key));

    public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options) =>
        _inner.AppendResponseCookie(context, NameOn(context.Request, key), value, On(context.Request, options));

    public void DeleteCookie(HttpContext context, string key, CookieOptions options) =>
        _inner.DeleteCookie(context, NameOn(context.Request, key), On(context.Request, options));

    /// <summary>What the <c>__Host-</c> prefix requires, whatever the options say.</summary>
    private static CookieOptions On(HttpRequest request, CookieOptions options) =>
        request.IsHttps ? new CookieOptions(options) { Secure = true, Path = "/", Domain = null } : options;
}
