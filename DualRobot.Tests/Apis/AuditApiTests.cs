using System.Net;
using System.Net.Http.Json;
using DualRobot.Api.Audit;
using DualRobot.Api.Operators;
using DualRobot.Tests.Audit;

namespace DualRobot.Tests.Apis;

[Trait(Tier.Name, Tier.Functional)]
public sealed class AuditApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    public static TheoryData<string, string> BadQueries => new()
    {
        { "robot=Li%01nus", "robot" },
        { $"robot={new string('r', 257)}", "robot" },
        { "user=al%0Aice", "user" },
        { $"user={new string('u', 257)}", "user" },
        { "since=yesterday", "since" },
        { "since=2026-13-01T00:00:00Z", "since" },
        { "limit=0", "limit" },
        { "limit=1001", "limit" },
        { "limit=-5", "limit" },
        { "limit=ten", "limit" },
        { "limit=99999999999", "limit" },
    };

    [Fact]
    public async Task Audit_WithoutKey_Returns401()
    {
        using var client = api.CreateClient();

        using var response = await client.GetAsync("/audit");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task Audit_WithABadParameter_Returns400NamingIt(string query, string field)
    {
        using var client = api.CreateAuthorizedClient();

        using var response = await client.GetAsync($"/audit?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDto>();
        Assert.Equal(field, Assert.Single(problem!.Errors!).Key);
    }

    [Fact]
    public async Task SignInAndSignOut_AreRecordedForTheNamedUser()
    {
        var user = $"session-{Guid.NewGuid():N}";
        using var client = api.CreateAuthorizedClient();

        using var signIn = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/audit/sign-in").As(user, OperatorRoles.Viewer));
        using var signOut = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/audit/sign-out").As(user, OperatorRoles.Viewer));

        Assert.Equal(HttpStatusCode.NoContent, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        var records = await client.AuditEventuallyAsync(2, $"&user={user}");
        Assert.Equal([RobotActions.SignOut, RobotActions.SignIn], records.Select(r => r.Action));
        Assert.All(records, r => Assert.Null(r.Robot));
    }

    [Fact]
    public async Task SignIn_WithoutAUser_Returns400NamingTheHeader()
    {
        using var client = api.CreateAuthorizedClient();

        using var response = await client.PostAsync("/audit/sign-in", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(OperatorHeaders.User, Assert.Single((await response.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!).Key);
    }

    [Fact]
    public async Task Audit_FiltersBySince()
    {
        using var client = api.CreateAuthorizedClient();
        var user = $"since-{Guid.NewGuid():N}";
        using var _ = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/audit/sign-in").As(user));
        await client.AuditEventuallyAsync(1, $"&user={user}");

        Assert.Empty(await client.AuditAsync($"&user={user}&since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("o"))}"));
        Assert.Single(await client.AuditAsync($"&user={user}&since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-5).ToString("o"))}"));
    }
}
