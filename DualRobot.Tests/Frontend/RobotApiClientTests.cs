using System.Net;
using System.Text.Json;
using DualRobot.Frontend.RobotApi;
using DualRobot.Frontend.Control;
using DualRobot.Frontend.Live;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// The console's api client tells the api when it gives up on a command (<c>X-Command-Deadline</c>), and gives up then:
/// past that instant the api refuses the command, so "nothing was done" is what the operator is told.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class RobotApiClientTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 0, 12, 34, 567, TimeSpan.Zero);

    [Fact]
    public async Task EveryActuatingCall_CarriesTheDeadline_WhenTheClientGivesUp()
    {
        var time = new FakeTimeProvider(Now);
        var handler = new Recorder((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") }));
        var client = Client(handler, time, TimeSpan.FromMilliseconds(800));

        await client.DriveAsync("Linus", new DriveRequest(Direction.Forward), CancellationToken.None);
        await client.VelocityAsync("Linus", new VelocityRequest(Linear: 0.5, Angular: 0.2), CancellationToken.None);
        await client.HeartbeatAsync("Linus", new HeartbeatRequest(500), CancellationToken.None);
        await client.SetEyeAsync("Linus", new EyeRequest(EyeState.On), CancellationToken.None);
        await client.SetServoAsync("Linus", 0, new ServoRequest(0), CancellationToken.None);
        await client.ResetPoseAsync("Linus", CancellationToken.None);
        await client.EmergencyStopAsync(CancellationToken.None);
        await client.ReleaseEmergencyStopAsync(CancellationToken.None);

        Assert.Equal(8, handler.Requests.Count);
        Assert.All(handler.Requests, request =>
            Assert.Equal("2026-11-30T00:12:35.367Z", request.Headers.GetValues(CommandDeadline.HeaderName).Single()));
        Assert.Contains(handler.Requests, request => request.RequestUri!.AbsolutePath == "/robots/Linus/velocity");
        Assert.Contains(handler.Requests, request => request.RequestUri!.AbsolutePath == "/robots/Linus/pose/reset");
    }

    [Fact]
    public async Task AnApiThatDoesNotAnswerByTheDeadline_IsGivenUpOn_WithAnAnswerSayingNothingWasDone()
    {
        var time = new FakeTimeProvider(Now);
        var handler = new Recorder(async (_, cancellationToken) =>
        {
            // An api that never answers: only the client's own cancellation ends the wait.
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("never answered");
        });
        var client = Client(handler, time, TimeSpan.FromMilliseconds(800));

        var answer = client.DriveAsync("Linus", new DriveRequest(Direction.Forward), CancellationToken.None);
        await Eventually.True(() => handler.Requests.Count == 1, "the drive left");
        Assert.False(answer.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(800));
        var response = await answer;

        Assert.Equal(503, response.StatusCode);
        Assert.Contains("did not answer within 800 ms", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithShards_AZoneForEveryRobotGoesToEveryInstance_ARobotsZoneAndSlowModeToItsOwn_ADeleteIsDoneWhereTheZoneWas()
    {
        var time = new FakeTimeProvider(Now);
        var handler = new Recorder((request, _) => Task.FromResult(new HttpResponseMessage(
            request.Method == HttpMethod.Delete && request.RequestUri!.Host == "api-0" ? HttpStatusCode.NotFound : HttpStatusCode.OK)
        {
            Content = new StringContent("{}"),
        }));
        var fleet = new ConsoleEventHub(time);
        Shows(fleet, "api-0", "Linus");
        Shows(fleet, "api-1", "Torvalds");
        var client = Client(handler, time, TimeSpan.FromMilliseconds(800), fleet, new Dictionary<string, Uri>
        {
            ["api-0"] = new("http://api-0"),
            ["api-1"] = new("http://api-1"),
        });
        var square = new ZoneRectangle(0, 0, 1, 1);

        var everyRobot = await client.PutZoneAsync("stairs", new ZoneRequest(Rectangle: square), CancellationToken.None);
        Assert.Equal(["api-0", "api-1"], Hosts(handler, HttpMethod.Put));
        handler.Requests.Clear();

        var oneRobot = await client.PutZoneAsync("bench", new ZoneRequest(Robot: "Torvalds", Rectangle: square), CancellationToken.None);
        Assert.Equal(["api-1"], Hosts(handler, HttpMethod.Put));
        handler.Requests.Clear();

        var slowMode = await client.SetSlowModeAsync("Linus", new SlowModeRequest(true), CancellationToken.None);
        Assert.Equal(["api-0"], Hosts(handler, HttpMethod.Put));
        handler.Requests.Clear();

        // api-0 never had the zone (404), api-1 deleted it: done.
        var deleted = await client.DeleteZoneAsync("bench", CancellationToken.None);
        Assert.Equal(["api-0", "api-1"], Hosts(handler, HttpMethod.Delete));

        Assert.All([everyRobot, oneRobot, slowMode, deleted], answer => Assert.Equal(200, answer.StatusCode));
    }

    private static void Shows(ConsoleEventHub fleet, string instance, string robot)
    {
        var json = $$"""{"name":"{{robot}}","version":1}""";
        fleet.Publish(instance, JsonSerializer.Deserialize<RobotState>(json, JsonSerializerOptions.Web)!, json);
    }

    private static List<string> Hosts(Recorder handler, HttpMethod method) =>
        handler.Requests.Where(request => request.Method == method).Select(request => request.RequestUri!.Host).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task ACommandUnansweredWhileTheLiveStreamIsLostToo_SaysTheApiIsUnreachable()
    {
        // A dead api behind a proxy (Aspire's, a Kubernetes Service) takes the connection and never answers: what
        // tells it from a slow api is the live stream, lost as well.
        var time = new FakeTimeProvider(Now);
        var live = new ConsoleEventHub(time);
        live.SetApiReachable(ApiOptions.DefaultInstance, true);
        live.SetApiReachable(ApiOptions.DefaultInstance, false);
        var handler = new Recorder(async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("never answered");
        });
        var client = Client(handler, time, TimeSpan.FromMilliseconds(800), live);

        var answer = client.DriveAsync("Linus", new DriveRequest(Direction.Stop), CancellationToken.None);
        await Eventually.True(() => handler.Requests.Count == 1, "the stop left");
        time.Advance(TimeSpan.FromMilliseconds(800));
        var response = await answer;

        Assert.Equal(503, response.StatusCode);
        Assert.Contains("The control api is unreachable", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("did not answer within", response.Body, StringComparison.Ordinal);
    }

    private static RobotApiClient Client(
        HttpMessageHandler handler, TimeProvider time, TimeSpan commandTimeout, ConsoleEventHub? fleet = null, Dictionary<string, Uri>? instances = null) => new(
        new HttpClient(handler) { BaseAddress = new Uri("http://api") },
        Options.Create(new ApiKeyOptions { ApiKey = "test-api-key-0123456789abcdef" }),
        Options.Create(new ApiOptions { CommandTimeout = commandTimeout, Instances = instances ?? [] }),
        fleet ?? new ConsoleEventHub(time),
        time,
        new HttpContextAccessor(),
        NullLogger<RobotApiClient>.Instance);

    /// <summary>Records each request and answers it.</summary>
    private sealed class Recorder(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add(request);
            }

            return answer(request, cancellationToken);
        }
    }
}
