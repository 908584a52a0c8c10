using System.Net;
using System.Net.Http.Json;
using System.Text;
using DualRobot.Api.Apis;

namespace DualRobot.Tests.Apis;

/// <summary>Every kind of bad input gets a problem details response naming the field, and no pin changes.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class BadInputTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    public static TheoryData<string, string, string, string> ValidationCases => new()
    {
        // method, path, body, field named in the problem
        { "POST", "/robots/linus/drive", """{"direction":"sideways"}""", "direction" },
        { "POST", "/robots/linus/drive", """{"direction":"Forward"}""", "direction" },
        { "POST", "/robots/linus/drive", """{"direction":1}""", "direction" },
        { "POST", "/robots/linus/drive", """{"speed":0.5}""", "direction" },
        { "POST", "/robots/linus/drive", """{"direction":"forward","speed":1.5}""", "speed" },
        { "POST", "/robots/linus/drive", """{"direction":"forward","speed":-0.1}""", "speed" },
        { "POST", "/robots/linus/drive", """{"direction":"forward","speed":"fast"}""", "speed" },
        { "POST", "/robots/linus/drive", """{"direction":"forward","speed":1e400}""", "speed" },
        { "POST", "/robots/torvalds/drive", """{"direction":"forward","speed":0.5}""", "speed" },
        { "POST", "/robots/linus/drive", """{"direction":"forward","leaseMs":10}""", "leaseMs" },
        { "POST", "/robots/linus/drive", """{"direction":"forward","leaseMs":5001}""", "leaseMs" },
        { "POST", "/robots/linus/drive", """{"direction":"forward","leaseMs":99999999999}""", "leaseMs" },
        { "POST", "/robots/linus/drive", """{"direction":"forward","leaseMs":1.5}""", "leaseMs" },
        { "POST", "/robots/linus/drive", """{"direction":"forward","sped":1}""", "sped" },
        { "POST", "/robots/linus/drive", """{"direction":"forward","direction":"left"}""", "direction" },
        { "POST", "/robots/linus/drive", """{"direction":"forward" """, "body" },
        { "POST", "/robots/linus/drive", """[1,2,3]""", "body" },
        { "POST", "/robots/linus/drive", """null""", "body" },
        { "POST", "/robots/linus/drive", "", "body" },
        { "POST", "/robots/linus/heartbeat", """{"leaseMs":0}""", "leaseMs" },
        { "POST", "/robots/linus/eye", """{"state":"dim"}""", "state" },
        { "POST", "/robots/linus/eye", """{}""", "state" },
        { "PUT", "/robots/linus/servos/0", """{"angle":91}""", "angle" },
        { "PUT", "/robots/linus/servos/0", """{"angle":-90.5}""", "angle" },
        { "PUT", "/robots/linus/servos/0", """{}""", "angle" },
        { "PUT", "/robots/linus/servos/2", """{"angle":0}""", "index" },
        { "PUT", "/robots/linus/servos/-1", """{"angle":0}""", "index" },
        { "PUT", "/robots/linus/servos/abc", """{"angle":0}""", "index" },
        { "PUT", "/robots/torvalds/servos/0", """{"angle":0}""", "index" },
    };

    [Theory]
    [MemberData(nameof(ValidationCases))]
    public async Task BadBody_Returns400NamingTheField_AndNoPinChanges(string method, string path, string body, string field)
    {
        using var client = api.CreateAuthorizedClient();
        var before = api.TotalPinChanges;

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDto>();
        Assert.Equal(ProblemTypes.Validation, problem!.Type);
        Assert.True(problem.Errors!.ContainsKey(field), $"errors name '{field}': {string.Join(", ", problem.Errors.Keys)}");
        Assert.Equal(before, api.TotalPinChanges);
    }

    [Theory]
    [InlineData("POST", "/robots/nobody/drive")]
    [InlineData("POST", "/robots/..%2F..%2Fetc/drive")]
    [InlineData("POST", "/robots/linus%2F..%2Ftorvalds/eye")]
    [InlineData("PUT", "/robots/nobody/servos/0")]
    [InlineData("POST", "/robots/nobody/heartbeat")]
    public async Task UnknownRobot_Returns404ProblemAndNoPinChanges(string method, string path)
    {
        using var client = api.CreateAuthorizedClient();
        var before = api.TotalPinChanges;

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = JsonContent.Create(new { direction = "forward", state = "on", angle = 0 }),
        });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ProblemTypes.RobotNotFound, (await response.Content.ReadFromJsonAsync<ProblemDto>())!.Type);
        Assert.Equal(before, api.TotalPinChanges);
    }

    [Fact]
    public async Task GetRobot_Unknown_Returns404Problem()
    {
        using var client = api.CreateClient();

        using var response = await client.GetAsync("/robots/nobody");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ProblemTypes.RobotNotFound, (await response.Content.ReadFromJsonAsync<ProblemDto>())!.Type);
    }

    [Fact]
    public async Task RobotNames_AreCaseInsensitive()
    {
        using var client = api.CreateClient();

        var state = await client.GetFromJsonAsync<RobotStateDto>("/robots/tORVALDS");

        Assert.Equal("Torvalds", state!.Name);
    }

    [Fact]
    public async Task BodyOver4KiB_Returns413AndNoPinChanges()
    {
        using var client = api.CreateAuthorizedClient();
        var before = api.TotalPinChanges;
        var padding = new string(' ', 5000);

        using var response = await client.PostAsync("/robots/linus/drive",
            new StringContent($$"""{"direction":"forward"{{padding}}}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(ProblemTypes.PayloadTooLarge, (await response.Content.ReadFromJsonAsync<ProblemDto>())!.Type);
        Assert.Equal(before, api.TotalPinChanges);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task WrongContentType_Returns415AndNoPinChanges(string contentType)
    {
        using var client = api.CreateAuthorizedClient();
        var before = api.TotalPinChanges;

        using var response = await client.PostAsync("/robots/linus/drive",
            new StringContent("""{"direction":"forward"}""", Encoding.UTF8, contentType));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(before, api.TotalPinChanges);
    }

    [Theory]
    [InlineData("/robots/linus/drive")]
    [InlineData("/robots/linus/heartbeat")]
    [InlineData("/robots/linus/eye")]
    [InlineData("/robots/linus/servos/0")]
    [InlineData("/estop/release")]
    public async Task Get_OnAnActuationRoute_Returns405AndNoPinChanges(string path)
    {
        using var client = api.CreateAuthorizedClient();
        var before = api.TotalPinChanges;

        using var get = await client.GetAsync(path);
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, head.StatusCode);
        Assert.Equal(before, api.TotalPinChanges);
    }
}
