using System.Net;
using System.Text.RegularExpressions;
using DualRobot.Frontend.Security;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// A signed-in operator talking to the console over plain HTTP, as the page's script does: the sign-in cookie
/// plus the page's antiforgery token in the header the control endpoints require.
/// </summary>
public static partial class OperatorSession
{
    public static async Task<HttpClient> SignInAsync(Uri frontend, string userName, string password)
    {
        var handler = new SocketsHttpHandler
        {
            CookieContainer = new CookieContainer(),
            AllowAutoRedirect = false,
            // No trace headers of the test process: while an in-process host with OpenTelemetry runs in a parallel
            // test, .NET would replace a traceparent the test sets with one of its own, and the trace the test
            // follows would never arrive under its id.
            ActivityHeadersPropagator = null,
        };
        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = frontend };
        try
        {
            var form = await client.GetStringAsync("/Account/SignIn");
            using var response = await client.PostAsync("/Account/SignIn", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = userName,
                ["Password"] = password,
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(FormToken().Match(form).Groups[1].Value),
            }));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

            var page = await client.GetStringAsync("/");
            client.DefaultRequestHeaders.Add(AntiforgeryValidationFilter.HeaderName,
                WebUtility.HtmlDecode(MetaToken().Match(page).Groups[1].Value));
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>The antiforgery token of a page's form (sign-in and the no-script control forms).</summary>
    [GeneratedRegex("""name="__RequestVerificationToken" type="hidden" value="([^"]+)" """)]
    internal static partial Regex FormToken();

    [GeneratedRegex("""<meta name="request-verification-token" content="([^"]+)" """)]
    private static partial Regex MetaToken();
}
