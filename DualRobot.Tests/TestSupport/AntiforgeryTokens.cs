using System.Net;
using System.Text.RegularExpressions;

namespace DualRobot.TestSupport;

/// <summary>The console's antiforgery tokens, as a browser finds them in its pages.</summary>
public static partial class AntiforgeryTokens
{
    /// <summary>The form field a Razor form carries its token in.</summary>
    public const string FormField = "__RequestVerificationToken";

    /// <summary>A form's hidden token (the sign-in page's), or null when the page has none.</summary>
    public static string? FromForm(string html) => Decode(FormToken().Match(html));

    /// <summary>The token a console page gives its script in a meta tag, or null when the page has none.</summary>
    public static string? FromPage(string html) => Decode(MetaToken().Match(html));

    private static string? Decode(Match match) => match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;

    [GeneratedRegex("""name="__RequestVerificationToken" type="hidden" value="([^"]+)" """)]
    private static partial Regex FormToken();

    [GeneratedRegex("""<meta name="request-verification-token" content="([^"]+)" """)]
    private static partial Regex MetaToken();
}
