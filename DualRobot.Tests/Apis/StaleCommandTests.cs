using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using DualRobot.Api.Apis;
using DualRobot.Api.Control;
using Microsoft.Extensions.Time.Testing;

namespace DualRobot.Tests.Apis;

/// <summary>
/// <c>X-Command-Deadline</c>: a command that arrives after it (beyond the skew allowance) moves nothing; stops
/// always go through. The api's clock is a fake one, so "late" is exact.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class StaleCommandTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-30T00:00:00Z", CultureInfo.InvariantCulture);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly ApiFactory _api;
    private readonly HttpClient _client;

    public StaleCommandTests()
    {
        _api = new ApiFactory(new Dictionary<string, string?> { ["Control:ClockSkewAllowance"] = "00:00:00.500" }, _time);
        _client = _api.CreateAuthorizedClient();
    }

    public static TheoryData<string, string, string> ActuatingRoutes => new()
    {
        { "POST", "/robots/linus/drive", """{"direction":"forward"}""" },
        { "POST", "/robots/linus/velocity", """{"linear":0.5,"angular":0}""" },
        { "POST", "/robots/linus/heartbeat", """{"leaseMs":500}""" },
        { "POST", "/robots/linus/eye", """{"state":"on"}""" },
        { "PUT", "/robots/linus/servos/0", """{"angle":10}""" },
        { "POST", "/robots/linus/pose/reset", "" },
    };

    [Theory]
    [MemberData(nameof(ActuatingRoutes))]
    public async Task PastItsDeadline_Returns409StaleCommand_AndNoPinChanges(string method, string path, string body)
    {
        var before = _api.TotalPinChanges;

        using var response = await Send(method, path, body, Deadline(Now.AddMilliseconds(-501)));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDto>();
        Assert.Equal(ProblemTypes.StaleCommand, problem!.Type);
        Assert.EndsWith("stale-command", problem.Type, StringComparison.Ordinal);
        Assert.Equal(before, _api.TotalPinChanges);
    }

    [Theory]
    [MemberData(nameof(ActuatingRoutes))]
    public async Task WithinTheSkewAllowance_IsApplied(string method, string path, string body)
    {
        using var response = await Send(method, path, body, Deadline(Now.AddMilliseconds(-500)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Velocity_BeforeItsDeadline_Moves()
    {
        using var response = await Send("POST", "/robots/linus/velocity", """{"linear":0.5,"angular":0}""", Deadline(Now.AddSeconds(5)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (int)_api.Pins("Linus").GetLevel(13));
    }

    [Fact]
    public async Task Stops_AreNeverStale()
    {
        await Send("POST", "/robots/linus/velocity", """{"linear":0.5,"angular":0}""", null);
        var late = Deadline(Now.AddMinutes(-10));

        using var stop = await Send("POST", "/robots/linus/drive", """{"direction":"stop"}""", late);
        using var estop = await Send("POST", "/estop", "", late);
        using var release = await Send("POST", "/estop/release", "", late);
        using var malformed = await Send("POST", "/robots/linus/drive", """{"direction":"stop"}""", "yesterday");

        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.Equal(HttpStatusCode.OK, estop.StatusCode);
        Assert.Equal(HttpStatusCode.OK, release.StatusCode);
        Assert.Equal(HttpStatusCode.OK, malformed.StatusCode);
        Assert.All(new[] { 13, 21, 17, 27 }, pin => Assert.Equal(0, (int)_api.Pins("Linus").GetLevel(pin)));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-11-30T00:00:05")]
    [InlineData("1764460805000")]
    public async Task MalformedDeadline_Returns400NamingTheHeader_AndNoPinChanges(string header)
    {
        var before = _api.TotalPinChanges;

        using var response = await Send("POST", "/robots/linus/velocity", """{"linear":0.5,"angular":0}""", header);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDto>();
        Assert.True(problem!.Errors!.ContainsKey(CommandDeadline.HeaderName), problem.Detail);
        Assert.Equal(before, _api.TotalPinChanges);
    }

    private static string Deadline(DateTimeOffset at) => new CommandDeadline(at).ToString();

    private async Task<HttpResponseMessage> Send(string method, string path, string body, string? deadline)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body.Length > 0)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (deadline is not null)
        {
            request.Headers.TryAddWithoutValidation(CommandDeadline.HeaderName, deadline);
        }

        return await _client.SendAsync(request);
    }

    public void Dispose()
    {
        _client.Dispose();
        _api.Dispose();
    }
}
