using System.Net;
using System.Net.Http.Json;
using System.Text;
using DualRobot.Tests.Frontend;
using Microsoft.AspNetCore.Mvc;

namespace DualRobot.Tests.Security;

/// <summary>
/// Issue 16, finding 6: numbers the console cannot pass on and JSON the api would refuse get a 400 naming the field
/// from the console itself, never a 500 and never a call to the api (unreachable here: a relayed call would answer
/// 502 or 503, not 400).
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class ConsoleInputTests : IAsyncLifetime
{
    private readonly FrontendFactory _frontend = new(new Dictionary<string, string?>());
    private HttpClient _client = null!;
    private string _formToken = null!;

    public async Task InitializeAsync()
    {
        _client = await _frontend.SignedInClientAsync();
        _formToken = OperatorSession.PageToken(await _client.GetStringAsync("/"));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _frontend.DisposeAsync();
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e309")]
    [InlineData("101")]
    [InlineData("-1")]
    public async Task NudgeForm_WithASpeedThatIsNoPercentage_Is400NamingSpeed(string speed)
    {
        using var response = await PostFormAsync("Nudge", new() { ["robot"] = "linus", ["direction"] = "forward", ["speed"] = speed });

        await AssertNamesFieldAsync(response, "speed");
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e309")]
    public async Task ServosForm_WithAnAngleThatIsNoNumber_Is400NamingIt(string angle)
    {
        using var response = await PostFormAsync("Servos", new() { ["robot"] = "linus", ["angles[0]"] = "10", ["angles[1]"] = angle });

        await AssertNamesFieldAsync(response, "angles[1]");
    }

    [Theory]
    [InlineData("""{"direction":"forward","speed":"NaN"}""", "speed")]
    [InlineData("""{"direction":"forward","speed":"0.5"}""", "speed")]
    [InlineData("""{"direction":"forward","speed":1e309}""", "speed")]
    [InlineData("""{"direction":"forward","leaseMs":1e10}""", "leaseMs")]
    [InlineData("""{"direction":"forward","direction":"stop"}""", "direction")]
    [InlineData("""{"direction":"forward","sped":0.5}""", "sped")]
    [InlineData("""{"Direction":"forward"}""", "Direction")]
    [InlineData("""{"direction":"forward",}""", "body")]
    [InlineData("""{"direction":"forward"/* hi */}""", "body")]
    [InlineData("""{"direction":"forward""", "body")]
    [InlineData("", "body")]
    public async Task ControlDrive_WithABodyTheApiWouldRefuse_Is400NamingTheField(string json, string field)
    {
        using var response = await _client.PostAsync("/control/linus/drive", new StringContent(json, Encoding.UTF8, "application/json"));

        await AssertNamesFieldAsync(response, field);
    }

    [Theory]
    [InlineData("/control/linus/servos/0", """{"angle":"NaN"}""", "angle")]
    [InlineData("/control/linus/eye", """{"state":"on","state":"off"}""", "state")]
    [InlineData("/control/linus/heartbeat", """{"leaseMs":"500"}""", "leaseMs")]
    public async Task OtherControlBodies_AreAsStrict(string path, string json, string field)
    {
        using var response = await _client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

        await AssertNamesFieldAsync(response, field);
    }

    private Task<HttpResponseMessage> PostFormAsync(string handler, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = _formToken;
        return _client.PostAsync($"/?handler={handler}", new FormUrlEncodedContent(fields));
    }

    private static async Task AssertNamesFieldAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
        Assert.Contains(field, problem!.Errors.Keys);
        Assert.StartsWith($"{field}: ", problem.Detail, StringComparison.Ordinal);
    }
}
