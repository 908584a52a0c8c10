using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using DualRobot.Api.Apis;

namespace DualRobot.Tests.Apis;

[Trait(Tier.Name, Tier.Functional)]
public sealed class AuthenticationTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    public static TheoryData<string, string> ActuationRoutes => new()
    {
        { "POST", "/robots/linus/drive" },
        { "POST", "/robots/linus/heartbeat" },
        { "POST", "/robots/linus/eye" },
        { "PUT", "/robots/linus/servos/0" },
        { "POST", "/estop" },
        { "POST", "/estop/release" },
    };

    public static TheoryData<string?> WrongCredentials => new()
    {
        null,
        "",
        "Bearer",
        "Bearer ",
        "Bearer wrong",
        $"Bearer {ApiFactory.ApiKey}x",
        $"Bearer {ApiFactory.ApiKey[..^1]}",
        $"Bearer {ApiFactory.ApiKey.ToUpperInvariant()}",
        $"Basic {ApiFactory.ApiKey}",
        ApiFactory.ApiKey,
    };

    [Theory]
    [MemberData(nameof(ActuationRoutes))]
    public async Task Actuation_WithoutKey_Returns401AndNoPinChanges(string method, string path)
    {
        using var client = api.CreateClient();
        var before = api.TotalPinChanges;

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = JsonContent.Create(new { direction = "forward", state = "on", angle = 10 }),
        });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(ProblemTypes.Unauthorized, (await response.Content.ReadFromJsonAsync<ProblemDto>())!.Type);
        Assert.Equal(before, api.TotalPinChanges);
        Assert.False(api.Fleet.EmergencyStop.Latched);
    }

    [Theory]
    [MemberData(nameof(WrongCredentials))]
    public async Task Drive_WithWrongOrAlmostRightKey_Returns401AndNoPinChanges(string? authorization)
    {
        using var client = api.CreateClient();
        var before = api.TotalPinChanges;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/robots/linus/drive")
        {
            Content = JsonContent.Create(new { direction = "forward" }),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, api.TotalPinChanges);
    }

    [Fact]
    public async Task Drive_WithTheKey_IsAccepted()
    {
        using var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiFactory.ApiKey);

        using var response = await client.PostAsJsonAsync("/robots/torvalds/drive", new { direction = "stop" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/robots")]
    [InlineData("/robots/linus")]
    [InlineData("/estop")]
    [InlineData("/health")]
    [InlineData("/alive")]
    [InlineData("/metrics")]
    [InlineData("/openapi/v1.json")]
    public async Task Reads_NeedNoKey(string path)
    {
        using var client = api.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
