using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DualRobot.Tests.Apis;
using DualRobot.Tests.Audit;

namespace DualRobot.Tests.Safety;

/// <summary><c>GET/PUT/DELETE /zones</c>: who may draw, what a bad shape is told, where zones are kept and who hears of them.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class ZonesApiTests : IDisposable
{
    private const string Square = """{"rectangle":{"minX":1,"minY":-0.5,"maxX":1.5,"maxY":0.5}}""";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dualrobot-tests", $"zones-{Guid.NewGuid():N}");

    [Fact]
    public async Task Zones_AreReadWithoutAKey_ConfiguredOnesMarkedSo_WithTheMargin()
    {
        await using var api = new ApiFactory(SafetySettings.Zones(("Stairs", new ZoneRectangle(-2, 1.5, 2, 2))));
        using var anonymous = api.CreateClient();

        var zones = (await anonymous.GetFromJsonAsync<ZoneSet>("/zones", Json()))!;

        var stairs = Assert.Single(zones.Zones);
        Assert.Equal(("Stairs", ZoneSource.Configuration, null), (stairs.Name, stairs.Source, stairs.Robot));
        Assert.Equal(new ZoneRectangle(-2, 1.5, 2, 2), stairs.Rectangle);
        Assert.Equal(SafetySettings.Margin, zones.MarginMeters);
        Assert.Equal(zones.Version, api.Robot("Linus").GetState().Envelope!.ZonesVersion);
    }

    [Fact]
    public async Task Supervisor_DrawsAndDeletesAZone_Audited_AndEveryRobotsStateGoesOutWithTheNewVersion()
    {
        await using var api = new ApiFactory();
        using var client = api.CreateAuthorizedClient();
        var before = api.Fleet.Robots.ToDictionary(r => r.Name, r => r.GetState().Version);

        using var drawn = await client.SendAsAsync("sue", "PUT", "/zones/Cable run", """{"polygon":[{"x":0,"y":1},{"x":1,"y":1},{"x":0.5,"y":1.8}],"robot":"linus"}""",
            HttpStatusCode.OK, OperatorRoles.Supervisor);

        var set = (await drawn.Content.ReadFromJsonAsync<ZoneSet>(Json()))!;
        var zone = Assert.Single(set.Zones);
        Assert.Equal(("Cable run", "Linus", ZoneSource.Supervisor, "sue"), (zone.Name, zone.Robot, zone.Source, zone.ChangedBy));
        Assert.Equal(3, zone.Polygon!.Count);
        foreach (var robot in api.Fleet.Robots)
        {
            Assert.Equal(set.Version, robot.GetState().Envelope!.ZonesVersion);
            Assert.True(robot.GetState().Version > before[robot.Name], $"{robot.Name}'s state went out again");
        }

        using var deleted = await client.SendAsAsync("sue", "DELETE", "/zones/cable%20RUN", null, HttpStatusCode.OK, OperatorRoles.Supervisor);
        var after = (await deleted.Content.ReadFromJsonAsync<ZoneSet>(Json()))!;
        Assert.Empty(after.Zones);
        Assert.True(after.Version > set.Version);

        var records = await client.AuditEventuallyAsync(2, "&user=sue");
        Assert.Contains(records, r => r is { Action: RobotActions.ZonePut, Robot: "Linus", Outcome: "accepted" } && r.Parameters!["zone"] == "Cable run"
            && r.Parameters["shape"] == "polygon" && r.Parameters["points"] == "3");
        Assert.Contains(records, r => r is { Action: RobotActions.ZoneDelete, Outcome: "accepted" });
    }

    [Theory]
    [InlineData("PUT", Square)]
    [InlineData("DELETE", null)]
    public async Task Operator_CannotEditZones_403_Audited(string method, string? body)
    {
        await using var api = new ApiFactory();
        using var client = api.CreateAuthorizedClient();
        (await client.SendAsAsync("sue", "PUT", "/zones/Wall", Square, HttpStatusCode.OK, OperatorRoles.Supervisor)).Dispose();
        var version = api.Robot("Linus").GetState().Envelope!.ZonesVersion;

        using var refused = await client.SendAsAsync("otto", method, "/zones/Wall", body, HttpStatusCode.Forbidden, OperatorRoles.Operator);

        Assert.Single((await client.GetFromJsonAsync<ZoneSet>("/zones", Json()))!.Zones);
        Assert.Equal(version, api.Robot("Linus").GetState().Envelope!.ZonesVersion);
        var record = Assert.Single(await client.AuditEventuallyAsync(1, "&user=otto"));
        Assert.Equal((method == "PUT" ? RobotActions.ZonePut : RobotActions.ZoneDelete, "forbidden"), (record.Action, record.Outcome));
    }

    [Theory]
    [InlineData("""{"polygon":[{"x":0,"y":0},{"x":1,"y":1},{"x":1,"y":0},{"x":0,"y":1}]}""", "polygon", "crosses itself")]
    [InlineData("""{"polygon":[{"x":0,"y":0},{"x":1e309,"y":0},{"x":0,"y":1}]}""", "polygon[1].x", "a number")]
    [InlineData("""{"polygon":[{"x":0,"y":0},{"x":1,"y":0},{"x":0}]}""", "polygon[2].y", "Required")]
    [InlineData("""{"polygon":[{"x":0,"y":0},{"x":1,"y":0}]}""", "polygon", "3 to 32 points")]
    [InlineData("""{"rectangle":{"minX":1,"minY":0,"maxX":0,"maxY":1}}""", "rectangle.maxX", "greater than minX")]
    [InlineData("""{"rectangle":{"minX":0,"minY":0,"maxX":1,"maxY":1},"polygon":[]}""", "body", "not both")]
    [InlineData("""{}""", "body", "Required")]
    [InlineData("""{"rectangle":{"minX":0,"minY":0,"maxX":1,"maxY":1},"colour":"red"}""", "colour", "Unknown field")]
    [InlineData("""{"rectangle":{"minX":0,"minY":0,"maxX":1,"maxY":1},"robot":"Marvin"}""", "robot", "No robot is named 'Marvin'")]
    public async Task BadShapes_AreRefused400_NamingTheField_AndNothingChanges(string body, string field, string message)
    {
        await using var api = new ApiFactory();
        using var client = api.CreateAuthorizedClient();

        using var refused = await client.SendAsAsync("sue", "PUT", "/zones/Bad", body, HttpStatusCode.BadRequest, OperatorRoles.Supervisor);

        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal(ProblemTypes.Validation, problem.RootElement.GetProperty("type").GetString());
        Assert.Contains(message, problem.RootElement.GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.Empty((await client.GetFromJsonAsync<ZoneSet>("/zones", Json()))!.Zones);
    }

    [Fact]
    public async Task TooManyPoints_AndABadName_AreRefused400()
    {
        await using var api = new ApiFactory();
        using var client = api.CreateAuthorizedClient();
        var points = string.Join(',', Enumerable.Range(0, 33).Select(i =>
            FormattableString.Invariant($$"""{"x":{{Math.Cos(i * Math.PI / 16.5):0.####}},"y":{{Math.Sin(i * Math.PI / 16.5):0.####}}}""")));

        using var many = await client.SendAsAsync("sue", "PUT", "/zones/Many", $$"""{"polygon":[{{points}}]}""", HttpStatusCode.BadRequest);
        using var name = await client.SendAsAsync("sue", "PUT", "/zones/%20Stairs", Square, HttpStatusCode.BadRequest);

        Assert.Contains("3 to 32 points", await many.Content.ReadAsStringAsync());
        Assert.Contains("\"zone\"", await name.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ConfiguredZones_AreNotTheApisToChange_409_AndAMissingZoneIs404()
    {
        await using var api = new ApiFactory(SafetySettings.Zones(("Stairs", new ZoneRectangle(-2, 1.5, 2, 2))));
        using var client = api.CreateAuthorizedClient();

        using var redraw = await client.SendAsAsync("sue", "PUT", "/zones/stairs", Square, HttpStatusCode.Conflict);
        using var delete = await client.SendAsAsync("sue", "DELETE", "/zones/Stairs", null, HttpStatusCode.Conflict);
        using var missing = await client.SendAsAsync("sue", "DELETE", "/zones/Nowhere", null, HttpStatusCode.NotFound);

        Assert.Contains(ProblemTypes.ZoneConfigured, await redraw.Content.ReadAsStringAsync());
        Assert.Contains(ProblemTypes.ZoneConfigured, await delete.Content.ReadAsStringAsync());
        Assert.Contains(ProblemTypes.ZoneNotFound, await missing.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DrawnZones_AndSlowMode_SurviveARestart_BesideTheAuditTrail()
    {
        var settings = new Dictionary<string, string?> { ["Audit:Path"] = Path.Combine(_directory, "audit.db") };
        long version;
        await using (var first = new ApiFactory(settings))
        {
            using var client = first.CreateAuthorizedClient();
            using var zone = await client.SendAsAsync("sue", "PUT", "/zones/Wall", Square, HttpStatusCode.OK);
            using var slow = await client.SendAsAsync("sue", "PUT", "/robots/linus/slow-mode", """{"enabled":true}""", HttpStatusCode.OK);
            version = first.Robot("Linus").GetState().Envelope!.ZonesVersion;
        }

        Assert.True(File.Exists(Path.Combine(_directory, "audit.safety.db")));
        await using var second = new ApiFactory(settings);
        using var reader = second.CreateClient();
        var zones = (await reader.GetFromJsonAsync<ZoneSet>("/zones", Json()))!;
        Assert.Equal("Wall", Assert.Single(zones.Zones).Name);
        Assert.True(zones.Version > version, "a restart never serves an old version");
        Assert.True(second.Robot("Linus").GetState().Envelope!.SlowMode);
    }

    [Fact]
    public async Task ASafetyStoreThatCannotBeCreated_KeepsTheConfiguredZones_RefusesChanges503_AndHealthIsDegraded()
    {
        Directory.CreateDirectory(_directory);
        var notADirectory = Path.Combine(_directory, "file");
        await File.WriteAllTextAsync(notADirectory, "");
        var settings = SafetySettings.Zones(("Stairs", new ZoneRectangle(-2, 1.5, 2, 2)));
        settings["Safety:Path"] = Path.Combine(notADirectory, "safety.db");
        await using var api = new ApiFactory(settings);
        using var client = api.CreateAuthorizedClient();

        using var put = await client.SendAsAsync("sue", "PUT", "/zones/Wall", Square, HttpStatusCode.ServiceUnavailable);
        using var slow = await client.SendAsAsync("sue", "PUT", "/robots/linus/slow-mode", """{"enabled":true}""", HttpStatusCode.ServiceUnavailable);

        Assert.Contains(ProblemTypes.StoreUnavailable, await put.Content.ReadAsStringAsync());
        Assert.Equal("Stairs", Assert.Single((await client.GetFromJsonAsync<ZoneSet>("/zones", Json()))!.Zones).Name);
        Assert.False(api.Robot("Linus").GetState().Envelope!.SlowMode);
        var health = await client.GetStringAsync("/health");
        Assert.Contains("Degraded", health);
        Assert.Contains("safety store", health);
    }

    [Fact]
    public async Task ASafetyStoreThatExistsButCannotBeRead_StopsStartUp_RatherThanForgetItsZones()
    {
        Directory.CreateDirectory(_directory);
        var store = Path.Combine(_directory, "safety.db");
        await File.WriteAllTextAsync(store, "not a database, whatever else it is");
        await using var api = new ApiFactory(new Dictionary<string, string?> { ["Safety:Path"] = store });

        Assert.Contains("exists but cannot be read", api.StartFailure());
    }

    [Theory]
    [InlineData("Safety:Zones:Bow:Polygon:0:X", "NaN", "Safety:Zones:Bow:Polygon:0:X: Must be a finite number.")]
    [InlineData("Safety:Zones:Bow:Robot", "Marvin", "Safety:Zones:Bow:Robot: no robot 'Marvin' is configured.")]
    [InlineData("Safety:MarginMeters", "2", "Safety:MarginMeters: 2 is outside 0..1 metres.")]
    [InlineData("Safety:MaxSpeed:Operator", "0", "Safety:MaxSpeed:Operator: 0 is outside 0 (exclusive)..1.")]
    [InlineData("Safety:SlowModeMaxSpeed", "1.5", "Safety:SlowModeMaxSpeed: 1.5 is outside 0 (exclusive)..1.")]
    public async Task Start_WithABadSafetySetting_IsRefused_NamingIt(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Safety:Zones:Bow:Polygon:0:X"] = "0",
            ["Safety:Zones:Bow:Polygon:0:Y"] = "0",
            ["Safety:Zones:Bow:Polygon:1:X"] = "1",
            ["Safety:Zones:Bow:Polygon:1:Y"] = "0",
            ["Safety:Zones:Bow:Polygon:2:X"] = "0",
            ["Safety:Zones:Bow:Polygon:2:Y"] = "1",
            [key] = value,
        };
        await using var api = new ApiFactory(settings);

        Assert.Contains(message, api.StartFailure());
    }

    [Fact]
    public async Task Start_WithASelfCrossingConfiguredZone_IsRefused_NamingIt()
    {
        var settings = new Dictionary<string, string?>();
        foreach (var (i, x, y) in new[] { (0, 0, 0), (1, 1, 1), (2, 1, 0), (3, 0, 1) })
        {
            settings[$"Safety:Zones:Bow:Polygon:{i}:X"] = x.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings[$"Safety:Zones:Bow:Polygon:{i}:Y"] = y.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await using var api = new ApiFactory(settings);

        Assert.Contains("Safety:Zones:Bow:Polygon: The polygon crosses itself", api.StartFailure());
    }

    private static JsonSerializerOptions Json()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ContractJson.Configure(options);
        return options;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
