namespace DualRobot.Tests.Security;

/// <summary>
/// Issue 16, finding 5: a body that arrives too slowly or stops short is the client's fault: 408 or 400 as problem
/// details from the api as a real Kestrel process, never a 500, and nothing moves.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class ApiSlowBodyTests : IAsyncLifetime
{
    private ApiProcess _api = null!;

    public async Task InitializeAsync() => _api = await ApiProcess.StartAsync(new Dictionary<string, string>());

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Theory]
    [InlineData(false)] // the client stalls after the first bytes: Kestrel's minimum data rate runs out, 408
    [InlineData(true)] // the client ends the stream before the declared length: 400, or gone before it
    public async Task Drive_WithABodyThatNeverCompletes_IsAClientErrorAndNothingMoves(bool endStream)
    {
        using var client = _api.CreateClient();
        var before = await client.GetStringAsync("/robots/linus");

        var (status, reply) = await RawHttp.SendIncompleteBodyAsync(
            _api.BaseAddress, "POST", "/robots/linus/drive",
            [$"Authorization: Bearer {ApiProcess.ApiKey}", "Content-Type: application/json"],
            """{"direction":"for""", declaredLength: 200, endStream);

        RawHttp.AssertClientError(status, reply, endStream, 408);
        Assert.True(status is null || reply.Contains("application/problem+json", StringComparison.Ordinal), reply);
        Assert.Equal(before, await client.GetStringAsync("/robots/linus"));
        Assert.DoesNotContain("fail: ", _api.Output, StringComparison.Ordinal); // no error-level stack trace
    }
}
