using System.Net;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;

namespace DualRobot.Tests.ScaleOut;

/// <summary>
/// Robots sharded over two api instances behind two consoles: one fleet to the operator, each command to its robot's
/// instance, one Activity list; an instance that is down makes its robots (only) unreachable, and the e-stop says which
/// robots it could not reach.
/// </summary>
[Collection(ScaleOutCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class ShardedFleetTests(ScaleOutFixture system)
{
    private static readonly string[] SecondShardRobots = ["Grace", "Torvalds"];

    [RequiresToolFact(Tools.RedisServer, Tools.Nginx)]
    public async Task EachCommand_GoesToItsRobotsInstance_AndActivityMergesBoth()
    {
        system.Require();
        using var supervisor = await ConsoleUser.SignedInAsync(system.ConsoleAddress(0), ScaleOutFixture.Supervisor);
        var balancer = system.Balancer.Address;

        Assert.Equal(HttpStatusCode.OK, await supervisor.EyeAsync(balancer, "Linus", on: true));
        Assert.Equal(HttpStatusCode.OK, await supervisor.EyeAsync(balancer, "Torvalds", on: true));

        Assert.Equal("on", await EyeAsync(system.Api(0), "Linus"));
        Assert.Equal("on", await EyeAsync(system.Api(1), "Torvalds"));
        // Neither instance has the other's robot.
        using (var api0 = system.Api(0).CreateClient())
        {
            Assert.Equal(HttpStatusCode.NotFound, (await api0.GetAsync("/robots/Torvalds")).StatusCode);
        }

        using var activity = await supervisor.GetAsync(new Uri(balancer, "/activity"));
        var robots = (await activity.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()
            .Select(record => record.GetProperty("robot").GetString()).ToHashSet();
        Assert.Contains("Linus", robots);
        Assert.Contains("Torvalds", robots);

        // The Activity panel's stream: each instance numbers its own trail, so the console names the instance of each
        // record, and both instances' records are there even where their ids are the same.
        var streamed = await ActivityOnTheStreamAsync(supervisor, system.ConsoleAddress(0), ["Linus", "Torvalds"]);
        Assert.Equal(ScaleOutFixture.RobotShards["Linus"], streamed["Linus"]);
        Assert.Equal(ScaleOutFixture.RobotShards["Torvalds"], streamed["Torvalds"]);

        Assert.Equal(HttpStatusCode.OK, await supervisor.EyeAsync(balancer, "Linus", on: false));
        Assert.Equal(HttpStatusCode.OK, await supervisor.EyeAsync(balancer, "Torvalds", on: false));
    }

    [RequiresToolFact(Tools.RedisServer, Tools.Nginx)]
    public async Task Zones_OfEveryInstance_AreShownTogether_AndARedrawnZoneLeavesNoCopyOnTheInstanceThatHadIt()
    {
        system.Require();
        using var supervisor = await ConsoleUser.SignedInAsync(system.ConsoleAddress(0), ScaleOutFixture.Supervisor);
        var balancer = system.Balancer.Address;
        var corner = new { rectangle = new { minX = 1.5, minY = 1.5, maxX = 1.9, maxY = 1.9 } };
        try
        {
            // Drawn for Torvalds: on Torvalds's instance only, and shown through the console with every other zone.
            Assert.Equal(HttpStatusCode.OK, await supervisor.PutZoneAsync(balancer, "Corner", new { robot = "Torvalds", corner.rectangle }));
            Assert.Equal("Torvalds", (await ZoneAsync(supervisor, balancer, "Corner"))?.GetProperty("robot").GetString());

            // Redrawn for Linus, on the other instance: the console shows it once, for Linus, and Torvalds's instance
            // no longer keeps Torvalds out of it.
            Assert.Equal(HttpStatusCode.OK, await supervisor.PutZoneAsync(balancer, "Corner", new { robot = "Linus", corner.rectangle }));
            Assert.Equal("Linus", (await ZoneAsync(supervisor, balancer, "Corner"))?.GetProperty("robot").GetString());
            using var torvaldsApi = system.Api(ScaleOutFixture.ShardOf("Torvalds")).CreateClient();
            var left = await torvaldsApi.GetFromJsonAsync<JsonElement>("/zones");
            Assert.DoesNotContain(left.GetProperty("zones").EnumerateArray(), zone => zone.GetProperty("name").GetString() == "Corner");
        }
        finally
        {
            await supervisor.DeleteAsync(balancer, "zones/Corner");
        }
    }

    /// <summary>The zone named <paramref name="name"/> as the console shows it, or null.</summary>
    private static async Task<JsonElement?> ZoneAsync(ConsoleUser user, Uri console, string name)
    {
        using var response = await user.GetAsync(new Uri(console, "/zones"));
        var zones = (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("zones").EnumerateArray()
            .Where(zone => zone.GetProperty("name").GetString() == name).ToList();
        Assert.True(zones.Count <= 1, $"zone {name} is shown {zones.Count} times");
        return zones.Count == 0 ? null : zones[0];
    }

    [RequiresToolFact(Tools.RedisServer, Tools.Nginx)]
    public async Task Recordings_OfBothInstances_AreListedNamedByInstance_AndEachOpensFromItsInstance()
    {
        system.Require();
        using var supervisor = await ConsoleUser.SignedInAsync(system.ConsoleAddress(0), ScaleOutFixture.Supervisor);
        var balancer = system.Balancer.Address;
        foreach (var robot in new[] { "Linus", "Torvalds" })
        {
            // Another test of the collection may have driven it last: the supervisor takes it over first.
            using var take = await supervisor.SendAsync(balancer, $"{robot}/take-control");
            using var drive = await supervisor.SendAsync(balancer, $"{robot}/drive", new { direction = "forward", leaseMs = 2000 });
            Assert.Equal(HttpStatusCode.OK, drive.StatusCode);
            using var stop = await supervisor.SendAsync(balancer, $"{robot}/drive", new { direction = "stop" });
            Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        }

        // The recorder writes in batches: both robots' sessions are listed once written.
        var sessions = new Dictionary<string, string>();
        await Eventually.True(async () =>
        {
            using var list = await supervisor.GetAsync(new Uri(balancer, "/recordings"));
            foreach (var session in (await list.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray())
            {
                sessions.TryAdd(session.GetProperty("robot").GetString()!, session.GetProperty("id").GetString()!);
            }

            return sessions.ContainsKey("Linus") && sessions.ContainsKey("Torvalds");
        }, "both robots' sessions are listed through the console");

        foreach (var robot in new[] { "Linus", "Torvalds" })
        {
            Assert.StartsWith($"{ScaleOutFixture.RobotShards[robot]}~", sessions[robot], StringComparison.Ordinal);
            using var recording = await supervisor.GetAsync(new Uri(balancer, $"/recordings/{sessions[robot]}"));
            var document = await recording.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(robot, document.GetProperty("session").GetProperty("robot").GetString());
            using var mcap = await supervisor.GetAsync(new Uri(balancer, $"/recordings/{sessions[robot]}.mcap"));
            Assert.Equal(HttpStatusCode.OK, mcap.StatusCode);
        }

        using var filtered = await supervisor.GetAsync(new Uri(balancer, "/recordings?robot=Torvalds"));
        Assert.All((await filtered.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray(),
            session => Assert.Equal("Torvalds", session.GetProperty("robot").GetString()));
        using var unnamed = await supervisor.GetAsync(new Uri(balancer, "/recordings/1"));
        Assert.Equal(HttpStatusCode.NotFound, unnamed.StatusCode);
    }

    /// <summary>The instance named by the newest streamed activity record of each of <paramref name="robots"/>.</summary>
    private static async Task<Dictionary<string, string>> ActivityOnTheStreamAsync(ConsoleUser user, Uri console, string[] robots)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using var response = await user.OpenAsync(new Uri(console, "/events"), cancel.Token);
        await using var stream = await response.EnsureSuccessStatusCode().Content.ReadAsStreamAsync(cancel.Token);
        var instances = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var item in System.Net.ServerSentEvents.SseParser.Create(stream).EnumerateAsync(cancel.Token))
        {
            if (item.EventType != "activity")
            {
                continue;
            }

            using var document = JsonDocument.Parse(item.Data);
            var record = document.RootElement;
            if (record.GetProperty("robot").GetString() is { } robot && robots.Contains(robot))
            {
                instances[robot] = record.GetProperty("instance").GetString()!;
                if (instances.Count == robots.Length)
                {
                    return instances;
                }
            }
        }

        return instances;
    }

    [RequiresToolFact(Tools.RedisServer, Tools.Nginx)]
    public async Task OneInstanceStopped_ItsRobotsAreUnreachable_TheOthersDrive_AndTheEStopNamesTheUnreachable()
    {
        system.Require();
        using var supervisor = await ConsoleUser.SignedInAsync(system.ConsoleAddress(1), ScaleOutFixture.Supervisor);
        var balancer = system.Balancer.Address;
        try
        {
            await system.StopApiAsync(1);

            // Both consoles mark the second instance's robots, and only those, unreachable.
            for (var console = 0; console < 2; console++)
            {
                await WaitForStatusAsync(system.ConsoleAddress(console), status =>
                    status.GetProperty("apiReachable").GetBoolean()
                    && status.GetProperty("unreachable").EnumerateArray().Select(name => name.GetString()).SequenceEqual(SecondShardRobots));
            }

            // The first instance's robots drive.
            Assert.Equal(HttpStatusCode.OK, await supervisor.PostAsync(balancer, "Linus/drive", new { direction = "forward", leaseMs = 2000 }));
            Assert.Equal("forward", await MotionAsync(system.Api(0), "Linus"));
            Assert.Equal(HttpStatusCode.OK, await supervisor.PostAsync(balancer, "Linus/drive", new { direction = "stop" }));

            // The second's are refused by the console, saying why; nothing was sent.
            using (var refused = await supervisor.SendAsync(balancer, "Torvalds/drive", new { direction = "forward" }))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
                Assert.Equal(ProblemTypes.ApiUnreachable, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
            }

            // The e-stop latches what it reaches and names what it could not.
            using (var estop = await supervisor.SendAsync(balancer, "estop"))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, estop.StatusCode);
                var problem = await estop.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal(SecondShardRobots, problem.GetProperty("unreachableRobots").EnumerateArray().Select(name => name.GetString()));
                Assert.Equal(["api-1"], problem.GetProperty("unreachableInstances").EnumerateArray().Select(name => name.GetString()));
                Assert.Contains("Linus", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }

            Assert.True(await LatchedAsync(system.Api(0)));
            Assert.Equal(HttpStatusCode.Conflict, await supervisor.PostAsync(balancer, "Linus/drive", new { direction = "forward" }));
        }
        finally
        {
            if (!IsRunning(1))
            {
                await system.StartApiAsync(1);
            }

            await ScaleOutFixture.WaitForFleetAsync(system.ConsoleAddress(0), ScaleOutFixture.RobotShards.Keys);
            await ScaleOutFixture.WaitForFleetAsync(system.ConsoleAddress(1), ScaleOutFixture.RobotShards.Keys);
            Assert.Equal(HttpStatusCode.OK, await supervisor.PostAsync(balancer, "estop/release", new { }));
        }

        Assert.False(await LatchedAsync(system.Api(0)));
    }

    private bool IsRunning(int api)
    {
        try
        {
            return !system.Api(api).HasExited;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static async Task<string?> EyeAsync(ApiProcess api, string robot) => (await StateAsync(api, robot)).GetProperty("eye").GetString();

    private static async Task<string?> MotionAsync(ApiProcess api, string robot) => (await StateAsync(api, robot)).GetProperty("motion").GetString();

    private static async Task<JsonElement> StateAsync(ApiProcess api, string robot)
    {
        using var http = api.CreateClient();
        return await http.GetFromJsonAsync<JsonElement>($"/robots/{robot}");
    }

    private static async Task<bool> LatchedAsync(ApiProcess api)
    {
        using var http = api.CreateClient();
        return (await http.GetFromJsonAsync<JsonElement>("/estop")).GetProperty("latched").GetBoolean();
    }

    /// <summary>Reads the console's <c>/events</c> until a console status meets <paramref name="condition"/>.</summary>
    private static async Task WaitForStatusAsync(Uri console, Func<JsonElement, bool> condition)
    {
        using var http = new HttpClient { BaseAddress = console, Timeout = Timeout.InfiniteTimeSpan };
        var last = "(none)";
        await Eventually.True(async () =>
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                using var response = await http.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
                await using var stream = await response.Content.ReadAsStreamAsync(cancel.Token);
                await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancel.Token))
                {
                    if (item.EventType == "console")
                    {
                        last = item.Data;
                        using var json = JsonDocument.Parse(item.Data);
                        if (condition(json.RootElement))
                        {
                            return true;
                        }
                    }
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or IOException)
            {
            }

            return false;
        }, () => $"{console}'s status never matched; last: {last}", TimeSpan.FromMinutes(1));
    }
}
