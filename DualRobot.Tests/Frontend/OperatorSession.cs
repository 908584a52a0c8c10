using System.Net;
using DualRobot.Frontend.Security;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// A signed-in operator talking to the console over plain HTTP, as the page's script does: the sign-in cookie
/// plus the page's antiforgery token in the header the control endpoints require.
/// </summary>
public static class OperatorSession
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
            var token = await SignInTokenAsync(client);
            using var response = await client.PostAsync("/Account/SignIn", SignInForm(userName, password, token));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

            client.DefaultRequestHeaders.Add(AntiforgeryValidationFilter.HeaderName, PageToken(await client.GetStringAsync("/")));
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>GETs the sign-in page and returns its form's antiforgery token; the client keeps the matching cookie.</summary>
    public static async Task<string> SignInTokenAsync(HttpClient client) =>
        AntiforgeryTokens.FromForm(await client.GetStringAsync("/Account/SignIn")) ?? string.Empty;

    /// <summary>The sign-in form's fields, as a browser posts them.</summary>
    public static FormUrlEncodedContent SignInForm(string userName, string password, string token) => new(new Dictionary<string, string>
    {
        ["UserName"] = userName,
        ["Password"] = password,
        [AntiforgeryTokens.FormField] = token,
    });

    /// <summary>The token a console page gives its script (the header the control endpoints require).</summary>
    public static string PageToken(string html) => AntiforgeryTokens.FromPage(html) ?? string.Empty;
}
