using System.Net.Http.Headers;

namespace DualRobot.Tests.Security;

/// <summary>
/// Cookies kept by hand, so a test can copy a session's cookies at one moment and replay them later, as an attacker
/// who read them off a shared machine would.
/// </summary>
internal sealed class CookieJar
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public string Header => string.Join("; ", _cookies.Select(cookie => $"{cookie.Key}={cookie.Value}"));

    /// <summary>The value of the cookie <paramref name="name"/>, or null while the jar holds none.</summary>
    public string? this[string name] => _cookies.GetValueOrDefault(name);

    /// <summary>Puts a cookie in the jar as another site or an earlier user of the machine would have left it.</summary>
    public void Plant(string name, string value) => _cookies[name] = value;

    public CookieJar Copy()
    {
        var copy = new CookieJar();
        foreach (var (name, value) in _cookies)
        {
            copy._cookies[name] = value;
        }

        return copy;
    }

    /// <summary>Sends <paramref name="request"/> with this jar's cookies and keeps what the response sets or clears.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", Header);
        }

        var response = await client.SendAsync(request);
        Keep(response.Headers);
        return response;
    }

    private void Keep(HttpResponseHeaders headers)
    {
        foreach (var setCookie in headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            var pair = setCookie.Split(';', 2)[0];
            var (name, value) = (pair[..pair.IndexOf('=')], pair[(pair.IndexOf('=') + 1)..]);
            if (value.Length == 0 || setCookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
            {
                _cookies.Remove(name);
            }
            else
            {
                _cookies[name] = value;
            }
        }
    }
}
