using System.Net;
using System.Net.Http.Json;
using DualRobot.Api.Apis;
using DualRobot.Tests.Apis;

namespace DualRobot.Tests.Robots;

[Trait(Tier.Name, Tier.Functional)]
public sealed class EmergencyStopTests : IDisposable
{
    private readonly ApiFactory _api = new();
    private readonly HttpClient _client;

    public EmergencyStopTests() => _client = _api.CreateAuthorizedClient();

    [Fact]
    public async Task EmergencyStop_StopsEveryRobotAndTurnsEyesOff()
    {
        await _client.PostAsJsonAsync("/robots/linus/drive", new { direction = "forward", leaseMs = 5000 });
        await _client.PostAsJsonAsync("/robots/torvalds/drive", new { direction = "left", leaseMs = 5000 });
        await _client.PostAsJsonAsync("/robots/torvalds/eye", new { state = "on" });

        using var response = await _client.PostAsync("/estop", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<EmergencyStopDto>())!.Latched);
        var robots = await _client.GetFromJsonAsync<RobotStateDto[]>("/robots");
        Assert.All(robots!, r => Assert.Equal("stop", r.Motion));
        Assert.All(robots!, r => Assert.True(r.EmergencyStopLatched));
        Assert.Equal(0, (int)_api.Pins("Torvalds").GetLevel(25));
        Assert.All(new[] { 7, 8, 9, 10 }, pin => Assert.Equal(0, (int)_api.Pins("Torvalds").GetLevel(pin)));
    }

    [Fact]
    public async Task Motion_WhileLatched_Returns409AndNoPinChanges()
    {
        await _client.PostAsync("/estop", null);
        var before = _api.TotalPinChanges;

        using var drive = await _client.PostAsJsonAsync("/robots/linus/drive", new { direction = "forward" });
        using var servo = await _client.PutAsJsonAsync("/robots/linus/servos/0", new { angle = 10 });

        Assert.Equal(HttpStatusCode.Conflict, drive.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, servo.StatusCode);
        Assert.Equal(ProblemTypes.EmergencyStopLatched, (await drive.Content.ReadFromJsonAsync<ProblemDto>())!.Type);
        Assert.Equal(before, _api.TotalPinChanges);
    }

    [Fact]
    public async Task StopAndEye_WhileLatched_StillGoThrough()
    {
        await _client.PostAsync("/estop", null);

        using var stop = await _client.PostAsJsonAsync("/robots/linus/drive", new { direction = "stop" });
        using var eye = await _client.PostAsJsonAsync("/robots/linus/eye", new { state = "on" });

        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.Equal(HttpStatusCode.OK, eye.StatusCode);
    }

    [Fact]
    public async Task Release_AllowsMotionAgain_ButDoesNotResumeTheOldOne()
    {
        await _client.PostAsJsonAsync("/robots/linus/drive", new { direction = "forward", leaseMs = 5000 });
        await _client.PostAsync("/estop", null);

        using var release = await _client.PostAsync("/estop/release", null);

        Assert.Equal(HttpStatusCode.OK, release.StatusCode);
        Assert.False((await release.Content.ReadFromJsonAsync<EmergencyStopDto>())!.Latched);
        Assert.Equal("stop", (await _client.GetFromJsonAsync<RobotStateDto>("/robots/linus"))!.Motion);
        using var drive = await _client.PostAsJsonAsync("/robots/linus/drive", new { direction = "backward", leaseMs = 5000 });
        Assert.Equal(HttpStatusCode.OK, drive.StatusCode);
        Assert.Equal(1, (int)_api.Pins("Linus").GetLevel(21));
    }

    [Fact]
    public async Task GetEmergencyStop_ReportsTheLatch()
    {
        Assert.False((await _client.GetFromJsonAsync<EmergencyStopDto>("/estop"))!.Latched);
        await _client.PostAsync("/estop", null);
        var latched = await _client.GetFromJsonAsync<EmergencyStopDto>("/estop");
        Assert.True(latched!.Latched);
        Assert.NotNull(latched.LatchedAt);
    }

    public void Dispose()
    {
        _client.Dispose();
        _api.Dispose();
    }
}
