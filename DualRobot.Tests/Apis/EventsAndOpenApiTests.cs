using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace DualRobot.Tests.Apis;

[Trait(Tier.Name, Tier.Functional)]
public sealed class EventsAndOpenApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Events_StreamEveryRobotFirst_ThenEachChange()
    {
        using var reader = api.CreateClient();
        using var writer = api.CreateAuthorizedClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await reader.GetAsync("/robots/events", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var stream = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));

        var first = await ReadStateAsync(stream, cts.Token);
        var second = await ReadStateAsync(stream, cts.Token);
        Assert.Equal(["Linus", "Torvalds"], new[] { first.Name, second.Name }.Order());

        using var drive = await writer.PostAsJsonAsync("/robots/torvalds/drive", new { direction = "left", leaseMs = 5000 });
        RobotStateDto change;
        do
        {
            change = await ReadStateAsync(stream, cts.Token);
        }
        while (change.Name != "Torvalds" || change.Motion != "left");

        Assert.True(change.Version > (first.Name == "Torvalds" ? first.Version : second.Version));
        await writer.PostAsJsonAsync("/robots/torvalds/drive", new { direction = "stop" });
    }

    [Fact]
    public async Task Events_SendAKeepAliveEachPeriod_WhenNothingChanges()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var quiet = new ApiFactory(new Dictionary<string, string?> { ["Events:KeepAlive"] = "00:00:10" }, time);
        using var reader = quiet.CreateClient();
        using var cts = new CancellationTokenSource(Eventually.DefaultLimit);
        using var response = await reader.GetAsync("/robots/events", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var stream = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        await ReadStateAsync(stream, cts.Token);
        await ReadStateAsync(stream, cts.Token);

        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(("keepalive", ""), await ReadEventAsync(stream, cts.Token));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(("keepalive", ""), await ReadEventAsync(stream, cts.Token));
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheRoutes()
    {
        using var client = api.CreateClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));

        var paths = document.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/robots", "/robots/{name}", "/robots/events", "/robots/{name}/drive", "/robots/{name}/heartbeat",
                     "/robots/{name}/eye", "/robots/{name}/servos/{index}", "/estop", "/estop/release" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is documented");
        }

        Assert.True(paths.GetProperty("/robots/{name}/drive").TryGetProperty("post", out _));
        Assert.False(paths.GetProperty("/robots/{name}/drive").TryGetProperty("get", out _));
    }

    /// <summary>The next state event; keep-alives in between are skipped.</summary>
    private static async Task<RobotStateDto> ReadStateAsync(StreamReader stream, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (eventType, data) = await ReadEventAsync(stream, cancellationToken);
            if (eventType != "keepalive")
            {
                Assert.Equal("state", eventType);
                return JsonSerializer.Deserialize<RobotStateDto>(data, JsonSerializerOptions.Web)!;
            }
        }
    }

    private static async Task<(string? EventType, string Data)> ReadEventAsync(StreamReader stream, CancellationToken cancellationToken)
    {
        string? eventType = null;
        while (await stream.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventType = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return (eventType, line["data: ".Length..]);
            }
        }

        throw new InvalidOperationException("The event stream ended.");
    }
}
