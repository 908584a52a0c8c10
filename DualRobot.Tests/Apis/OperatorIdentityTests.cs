using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using DualRobot.Api.Apis;
using DualRobot.Api.Audit;
using DualRobot.Api.Operators;
using DualRobot.Tests.Audit;

namespace DualRobot.Tests.Apis;

/// <summary>Who the api records as acting, and what each role may do: the headers count only behind the key.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class OperatorIdentityTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    public static TheoryData<string, string, string?, HttpStatusCode> RoleMatrix => new()
    {
        // role, method+path, body direction, expected
        { OperatorRoles.Viewer, "POST /robots/torvalds/drive", "stop", HttpStatusCode.Forbidden },
        { OperatorRoles.Viewer, "POST /robots/torvalds/eye", null, HttpStatusCode.Forbidden },
        { OperatorRoles.Viewer, "POST /estop", null, HttpStatusCode.Forbidden },
        { OperatorRoles.Viewer, "POST /estop/release", null, HttpStatusCode.Forbidden },
        { OperatorRoles.Viewer, "GET /audit", null, HttpStatusCode.OK },
        { OperatorRoles.Operator, "POST /robots/torvalds/drive", "stop", HttpStatusCode.OK },
        { OperatorRoles.Operator, "POST /estop/release", null, HttpStatusCode.Forbidden },
        { OperatorRoles.Operator, "GET /audit", null, HttpStatusCode.OK },
        { OperatorRoles.Supervisor, "POST /robots/torvalds/drive", "stop", HttpStatusCode.OK },
        { OperatorRoles.Supervisor, "POST /estop/release", null, HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(RoleMatrix))]
    public async Task EachRole_IsAllowedOnlyItsRoutes(string role, string route, string? direction, HttpStatusCode expected)
    {
        using var client = api.CreateAuthorizedClient();
        var before = api.TotalPinChanges;
        var (method, path) = (route.Split(' ')[0], route.Split(' ')[1]);
        using var request = new HttpRequestMessage(new HttpMethod(method), path).As("someone", role);
        if (method == "POST" && path.StartsWith("/robots", StringComparison.Ordinal))
        {
            request.Content = JsonContent.Create(direction is null ? new { state = "off" } : (object)new { direction });
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Equal(ProblemTypes.Forbidden, (await response.Content.ReadFromJsonAsync<ProblemDto>())!.Type);
            Assert.Equal(before, api.TotalPinChanges);
            Assert.False(api.Fleet.EmergencyStop.Latched && path == "/estop");
        }
    }

    [Fact]
    public async Task KeyHolder_WithoutAUser_IsRecordedAsApiKey_AndWithOne_AsThatUser()
    {
        using var client = api.CreateAuthorizedClient();
        var user = $"alice-{Guid.NewGuid():N}";

        using var named = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/estop").As(user));
        using var anonymous = await client.PostAsync("/estop", null);
        using var release = await client.PostAsync("/estop/release", null);

        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, release.StatusCode);
        Assert.Equal(RobotActions.EmergencyStop, Assert.Single(await client.AuditEventuallyAsync(1, $"&user={user}")).Action);
        await Eventually.True(
            async () => (await client.AuditAsync($"&user={OperatorIdentity.KeyHolder}")).Any(r => r.Action == RobotActions.EmergencyStopRelease),
            "the release without a user header is recorded under api-key");
    }

    [Theory]
    [InlineData(OperatorHeaders.User, "al\tice")]
    [InlineData(OperatorHeaders.User, " alice")]
    [InlineData(OperatorHeaders.Role, "admin")]
    [InlineData(OperatorHeaders.Role, "Supervisor")]
    public async Task MalformedIdentityHeader_Returns400NamingIt_AndActsNot(string header, string value)
    {
        using var client = api.CreateAuthorizedClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/robots/torvalds/eye") { Content = JsonContent.Create(new { state = "on" }) };
        request.Headers.TryAddWithoutValidation(header, value);
        var before = api.TotalPinChanges;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(header, Assert.Single((await response.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!).Key);
        Assert.Equal(before, api.TotalPinChanges);
    }

    [Fact]
    public async Task UserNameOfMoreThan256Characters_Returns400()
    {
        using var client = api.CreateAuthorizedClient();

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/audit/sign-in").As(new string('a', 257)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task IdentityHeaders_WithoutTheKey_GiveNothing()
    {
        using var client = api.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/estop").As("mallory", OperatorRoles.Supervisor));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task RequestSpan_CarriesTheEndUser()
    {
        var user = $"traced-{Guid.NewGuid():N}";
        var seen = new ConcurrentBag<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem(OperatorIdentity.EndUserAttribute) is string id)
                {
                    seen.Add(id);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var client = api.CreateAuthorizedClient();

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/audit/sign-in").As(user));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await Eventually.True(() => seen.Contains(user), "the request's span carries enduser.id");
    }
}
