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

    [Theory]
    [InlineData("/audit")]
    [InlineData("/audit/events")]
    public async Task Audit_WithoutKey_Returns401(string path)
    {
        using var client = api.CreateClient();

        using var response = await client.GetAsync(path);

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
    public async Task AuditEvents_StreamTheNewestFirst_ThenEachRecordAsWritten_ACountThatGrowsUnderItsId()
    {
        using var client = api.CreateAuthorizedClient();
        var user = $"events-{Guid.NewGuid():N}";
        using var signIn = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/audit/sign-in").As(user));
        var backlog = Assert.Single(await client.AuditEventuallyAsync(1, $"&user={user}"));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using var stream = await client.GetStreamAsync("/audit/events", cancel.Token);
        await using var events = System.Net.ServerSentEvents.SseParser.Create(stream).EnumerateAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);

        async Task<System.Text.Json.JsonElement> NextOfAsync(string who)
        {
            while (await events.MoveNextAsync())
            {
                Assert.Equal(DualRobot.Contract.StreamEvents.Audit, events.Current.EventType);
                var record = System.Text.Json.JsonDocument.Parse(events.Current.Data).RootElement;
                if (record.GetProperty("user").GetString() == who)
                {
                    return record;
                }
            }

            throw new Xunit.Sdk.XunitException("the stream ended");
        }

        Assert.Equal(backlog.Id, (await NextOfAsync(user)).GetProperty("id").GetInt64());

        // A refusal repeated: one record, sent when written and again, under its id, as its count grows.
        var holder = $"holder-{Guid.NewGuid():N}";
        (await client.SendAsAsync(holder, "POST", "/robots/torvalds/drive", """{"direction":"forward","leaseMs":200}""", HttpStatusCode.OK)).Dispose();
        try
        {
            (await client.SendAsAsync(user, "POST", "/robots/torvalds/eye", """{"state":"on"}""", HttpStatusCode.Conflict)).Dispose();
            var refused = await NextOfAsync(user);
            Assert.True(refused.GetProperty("id").GetInt64() > backlog.Id);
            Assert.Equal("in_use", refused.GetProperty("outcome").GetString());
            (await client.SendAsAsync(user, "POST", "/robots/torvalds/eye", """{"state":"on"}""", HttpStatusCode.Conflict)).Dispose();
            while (refused.GetProperty("count").GetInt32() < 2)
            {
                var next = await NextOfAsync(user);
                Assert.Equal(refused.GetProperty("id").GetInt64(), next.GetProperty("id").GetInt64());
                refused = next;
            }
        }
        finally
        {
            (await client.SendAsAsync(holder, "POST", "/robots/torvalds/release-control", null)).Dispose();
        }
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
