using System.Net;
using DualRobot.Frontend.Operators;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// With <c>KeyRing:Path</c> on a volume, a restarted frontend (a redeploy, a rescheduled pod) still accepts the
/// sign-in cookies it issued before, so operators stay signed in; without the same keys, it does not.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class KeyRingTests : IDisposable
{
    private readonly DirectoryInfo _volume = Directory.CreateTempSubdirectory("dualrobot-keys-");
    private readonly DirectoryInfo _otherVolume = Directory.CreateTempSubdirectory("dualrobot-keys-");

    [Fact]
    public async Task SignInCookie_SurvivesARestart_WithTheSameKeyRing()
    {
        var cookie = await SignInAsync(_volume);

        Assert.True(await IsSignedInAsync(_volume, cookie));
        Assert.NotEmpty(_volume.GetFiles("key-*.xml"));
    }

    [Fact]
    public async Task SignInCookie_IsRefused_ByAFrontendWithOtherKeys()
    {
        var cookie = await SignInAsync(_volume);

        Assert.False(await IsSignedInAsync(_otherVolume, cookie));
    }

    /// <summary>Signs in on a frontend that is then stopped; returns its sign-in cookie ("name=value").</summary>
    private static async Task<string> SignInAsync(DirectoryInfo keyRing)
    {
        await using var frontend = Start(keyRing);
        var (client, token) = await frontend.OpenSignInFormAsync();
        using var _ = client;
        using var request = FrontendFactory.SignInRequest(token, FrontendFactory.OperatorPassword);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(OperatorCookieManager.CookieName + "=", StringComparison.Ordinal))
            .Split(';')[0];
    }

    /// <summary>Whether a fresh frontend on <paramref name="keyRing"/> treats the cookie's bearer as a signed-in operator.</summary>
    private static async Task<bool> IsSignedInAsync(DirectoryInfo keyRing, string cookie)
    {
        await using var frontend = Start(keyRing);
        using var client = frontend.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", cookie);

        var page = await (await client.SendAsync(request)).EnsureSuccessStatusCode().Content.ReadAsStringAsync();

        return page.Contains(">Sign out</button>", StringComparison.Ordinal);
    }

    private static FrontendFactory Start(DirectoryInfo keyRing) => new(new Dictionary<string, string?> { ["KeyRing:Path"] = keyRing.FullName });

    public void Dispose()
    {
        _volume.Delete(recursive: true);
        _otherVolume.Delete(recursive: true);
    }
}
