using System.Net;
using System.Net.Http.Json;
using System.Text;
using DualRobot.Api.Apis;
using DualRobot.Tests.Apis;

namespace DualRobot.Tests.Security;

/// <summary>
/// Extends Apis/AuthenticationTests: every actuating route × every near miss of the key (one character off at the
/// start, middle or end, prefix, suffix, case, whitespace, look-alikes, other schemes and places) is a 401 problem and
/// moves nothing.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class AlmostRightKeyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly (string Method, string Path)[] ActuatingRoutes =
    [
        ("POST", "/robots/linus/drive"),
        ("POST", "/robots/torvalds/drive"),
        ("POST", "/robots/linus/heartbeat"),
        ("POST", "/robots/linus/eye"),
        ("PUT", "/robots/linus/servos/0"),
        ("POST", "/estop"),
        ("POST", "/estop/release"),
    ];

    /// <summary>Authorization header values that must all be refused; null means the header is absent.</summary>
    public static IEnumerable<(string? Header, string Why)> NearMisses()
    {
        var key = ApiFactory.ApiKey;
        static string Flip(char c) => c == 'a' ? "b" : c == '0' ? "1" : "a";
        var middle = key.Length / 2;

        yield return (null, "no header");
        yield return ("", "empty");
        yield return ("Bearer", "scheme only");
        yield return ("Bearer ", "scheme and space");
        yield return ($"Bearer {Flip(key[0])}{key[1..]}", "first character off");
        yield return ($"Bearer {key[..middle]}{Flip(key[middle])}{key[(middle + 1)..]}", "middle character off");
        yield return ($"Bearer {key[..^1]}{Flip(key[^1])}", "last character off");
        yield return ($"Bearer {key[..^1]}", "prefix (one short)");
        yield return ($"Bearer {key[..(key.Length / 2)]}", "half the key");
        yield return ($"Bearer {key[1..]}", "suffix (first dropped)");
        yield return ($"Bearer {key}x", "one extra at the end");
        yield return ($"Bearer x{key}", "one extra at the start");
        yield return ($"Bearer {key}{key}", "key twice");
        yield return ($"Bearer {key.ToUpperInvariant()}", "upper case");
        yield return ($"Bearer {char.ToUpperInvariant(key[0])}{key[1..]}", "first letter upper case");
        // Not here: "Bearer  key" and "Bearer<TAB>key". RFC 7235 allows 1*SP after the scheme, and HttpClient re-serialises
        // the header as "Bearer key" anyway, so those are the right key, not near misses.
        yield return ($"Bearer {key[..middle]} {key[middle..]}", "space inside the key");
        yield return ($"Bearer {key.Replace('e', 'е')}", "Cyrillic look-alike");
        yield return ($"Bearer {key}\u200B", "zero-width space at the end");
        yield return ($"Bearer {Convert.ToBase64String(Encoding.UTF8.GetBytes(key))}", "base64 of the key");
        yield return ($"Bearer \"{key}\"", "quoted");
        yield return ($"Bearer {key},Bearer {key}x", "two credentials");
        yield return ($"Bearerx {key}", "scheme with a suffix");
        yield return ($"Bear {key}", "scheme cut short");
        yield return ($"Basic {key}", "Basic scheme");
        yield return ($"Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + key))}", "Basic user:key");
        yield return ($"Token {key}", "Token scheme");
        yield return ($"ApiKey {key}", "ApiKey scheme");
        yield return ($"Digest {key}", "Digest scheme");
        yield return (key, "key without a scheme");
    }

    [Fact]
    public async Task EveryActuatingRoute_WithEveryNearMiss_Is401Problem_NothingMoves()
    {
        using var client = api.CreateClient();
        var failures = new List<string>();
        foreach (var (method, path) in ActuatingRoutes)
        {
            foreach (var (header, why) in NearMisses())
            {
                var pinsBefore = api.TotalPinChanges;
                using var request = new HttpRequestMessage(new HttpMethod(method), path)
                {
                    Content = JsonContent.Create(new { direction = "forward", state = "on", angle = 10, leaseMs = 5000 }),
                };
                if (header is not null)
                {
                    request.Headers.TryAddWithoutValidation("Authorization", header);
                }

                using var response = await client.SendAsync(request);
                var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                    ? await response.Content.ReadFromJsonAsync<ProblemDto>()
                    : null;
                if (response.StatusCode != HttpStatusCode.Unauthorized || problem?.Type != ProblemTypes.Unauthorized
                    || api.TotalPinChanges != pinsBefore || api.Fleet.EmergencyStop.Latched)
                {
                    failures.Add($"{method} {path} with {why}: {(int)response.StatusCode} {problem?.Type}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Theory]
    [InlineData("X-Api-Key")]
    [InlineData("Api-Key")]
    [InlineData("Proxy-Authorization")]
    [InlineData("Cookie")]
    public async Task KeyInAnotherHeader_Is401(string header)
    {
        using var client = api.CreateClient();
        var before = api.TotalPinChanges;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/robots/linus/drive")
        {
            Content = JsonContent.Create(new { direction = "forward" }),
        };
        request.Headers.TryAddWithoutValidation(header, header == "Cookie" ? $"api_key={ApiFactory.ApiKey}" : $"Bearer {ApiFactory.ApiKey}");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, api.TotalPinChanges);
    }

    [Theory]
    [InlineData("?api_key=")]
    [InlineData("?access_token=")]
    public async Task KeyInTheQuery_Is401(string query)
    {
        using var client = api.CreateClient();
        var before = api.TotalPinChanges;

        using var response = await client.PostAsJsonAsync($"/robots/linus/drive{query}{ApiFactory.ApiKey}", new { direction = "forward" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, api.TotalPinChanges);
    }
}
