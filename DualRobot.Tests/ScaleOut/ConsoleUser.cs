using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using DualRobot.Frontend.Security;
using DualRobot.Tests.Frontend;

namespace DualRobot.Tests.ScaleOut;

/// <summary>
/// One browser of a console user, as plain HTTP: its cookies (kept per host, so 127.0.0.1 sends them to every console
/// replica and to the load balancer alike) and the page's antiforgery token, usable against any of them. Each user
/// signs in from an address of its own (<c>X-Forwarded-For</c>, believed from loopback), so the tests' sign-ins never
/// meet the per-address limit that one of them tests.
/// </summary>
public sealed class ConsoleUser : IDisposable
{
    private static int _addresses;

    private readonly HttpClient _http;
    private readonly CookieContainer _cookies;

    private ConsoleUser(HttpClient http, CookieContainer cookies, string address)
    {
        _http = http;
        _cookies = cookies;
        Address = address;
    }

    /// <summary>The client address the consoles see for this user.</summary>
    public string Address { get; }

    public static ConsoleUser Create(string? address = null, CookieContainer? cookies = null)
    {
        cookies ??= new CookieContainer();
        var handler = new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false, ActivityHeadersPropagator = null };
        var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var n = Interlocked.Increment(ref _addresses);
        address ??= $"10.32.{n / 250}.{n % 250 + 1}";
        http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return new ConsoleUser(http, cookies, address);
    }

    /// <summary>Another browser holding a copy of this one's cookies and token, as a thief would after copying them.</summary>
    public ConsoleUser CopyOfCookies()
    {
        var cookies = new CookieContainer();
        cookies.Add(_cookies.GetAllCookies());
        var copy = Create(Address, cookies);
        copy._http.DefaultRequestHeaders.Add(AntiforgeryValidationFilter.HeaderName, _http.DefaultRequestHeaders.GetValues(AntiforgeryValidationFilter.HeaderName));
        return copy;
    }

    /// <summary>Signs in on <paramref name="console"/> and takes the page's token from it; the answer's status.</summary>
    public async Task<HttpStatusCode> SignInAsync(Uri console, string user, string password)
    {
        var token = AntiforgeryTokens.FromForm(await _http.GetStringAsync(new Uri(console, "/Account/SignIn"))) ?? string.Empty;
        using var response = await _http.PostAsync(new Uri(console, "/Account/SignIn"), OperatorSession.SignInForm(user, password, token));
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            _http.DefaultRequestHeaders.Remove(AntiforgeryValidationFilter.HeaderName);
            _http.DefaultRequestHeaders.Add(AntiforgeryValidationFilter.HeaderName, OperatorSession.PageToken(await _http.GetStringAsync(new Uri(console, "/"))));
        }

        return response.StatusCode;
    }

    /// <summary>Signs in and fails the test unless it worked.</summary>
    public static async Task<ConsoleUser> SignedInAsync(Uri console, string user, string password = ScaleOutFixture.Password)
    {
        var browser = Create();
        Assert.Equal(HttpStatusCode.Redirect, await browser.SignInAsync(console, user, password));
        return browser;
    }

    /// <summary>Signs out through <paramref name="console"/> with the page's sign-out form.</summary>
    public async Task SignOutAsync(Uri console)
    {
        var token = AntiforgeryTokens.FromForm(await _http.GetStringAsync(new Uri(console, "/"))) ?? string.Empty;
        using var response = await _http.PostAsync(new Uri(console, "/Account/SignOut"),
            new FormUrlEncodedContent(new Dictionary<string, string> { [AntiforgeryTokens.FormField] = token }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>A command as the page's script posts it to <c>/control/{path}</c>.</summary>
    public async Task<HttpStatusCode> PostAsync(Uri console, string path, object body, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(console, $"/control/{path}"), body, cancellationToken);
        return response.StatusCode;
    }

    /// <summary>The answer to a command, body and all.</summary>
    public Task<HttpResponseMessage> SendAsync(Uri console, string path, object? body = null) =>
        _http.PostAsJsonAsync(new Uri(console, $"/control/{path}"), body ?? new { });

    /// <summary>A keep-out zone drawn as the page's arena does: <c>PUT /control/zones/{zone}</c>.</summary>
    public async Task<HttpStatusCode> PutZoneAsync(Uri console, string zone, object body)
    {
        using var response = await _http.PutAsJsonAsync(new Uri(console, $"/control/zones/{Uri.EscapeDataString(zone)}"), body);
        return response.StatusCode;
    }

    /// <summary><c>DELETE /control/{path}</c>; the answer's status.</summary>
    public async Task<HttpStatusCode> DeleteAsync(Uri console, string path)
    {
        using var response = await _http.DeleteAsync(new Uri(console, $"/control/{path}"));
        return response.StatusCode;
    }

    /// <summary>Turns the robot's eye on or off: a command that changes its state and needs a signed-in operator.</summary>
    public Task<HttpStatusCode> EyeAsync(Uri console, string robot, bool on, CancellationToken cancellationToken = default) =>
        PostAsync(console, $"{Uri.EscapeDataString(robot)}/eye", new { state = on ? "on" : "off" }, cancellationToken);

    public Task<HttpResponseMessage> GetAsync(Uri address) => _http.GetAsync(address);

    /// <summary>A stream (<c>/events</c>, say), its headers read and its body left to read as it comes.</summary>
    public Task<HttpResponseMessage> OpenAsync(Uri address, CancellationToken cancellationToken) =>
        _http.GetAsync(address, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"user at {Address}");

    public void Dispose() => _http.Dispose();
}
