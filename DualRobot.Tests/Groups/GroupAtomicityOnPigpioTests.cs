using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DualRobot.Tests.Apis;
using DualRobot.Tests.Audit;
using DualRobot.Tests.Safety;
using DualRobot.TestSupport.PigpioEmulator;

namespace DualRobot.Tests.Groups;

/// <summary>
/// All or none at the pins: both robots on the pigpiod emulator, one member refused (on arrival by a claim, in its gate
/// by the safety envelope once the other member's gate was entered) → not one pin written on either.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class GroupAtomicityOnPigpioTests : IAsyncLifetime
{
    // The pigpiod requests that change an output: WRITE, PWM, SERVO, BC1 (clear a bank), BS1 (set a bank).
    private static readonly uint[] PinWrites = [4, 5, 8, 12, 14];

    private readonly PigpioEmulator _daemon = new();
    private ApiFactory _api = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>(RobotSettings.Pigpio(_daemon.Port, "Linus"));
        foreach (var (key, value) in RobotSettings.Pigpio(_daemon.Port, "Torvalds")
                     .Concat(SafetySettings.Zones(("Crate", new ZoneRectangle(0.55, -0.5, 1, 0.5)))))
        {
            settings[key] = value;
        }

        // A loaded machine can hold the emulator's reply past the 1 s default; this is about pins, not timeouts.
        settings["Pigpio:CommandTimeout"] = "00:00:10";
        _api = new ApiFactory(settings);
        _client = _api.CreateAuthorizedClient();
        await RobotReady.WaitAsync(_client, "linus");
        await RobotReady.WaitAsync(_client, "torvalds");
    }

    [Fact]
    public async Task OneMemberHeldByAnotherUser_RefusesTheGroup_WithNoPinWrittenOnAnyMember()
    {
        // A zero velocity claims Torvalds for bob and leaves nothing moving, so no deadman writes pins later.
        await _client.SendAsAsync("bob", "POST", "/robots/torvalds/velocity", """{"linear":0,"angular":0}""", HttpStatusCode.OK);
        _daemon.ClearRequests();

        using var refused = await _client.SendAsAsync("alice", "POST", "/groups/all/velocity", """{"linear":-0.5,"angular":0}""");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((ProblemTypes.RobotInUse, "Torvalds"), (problem.GetProperty("type").GetString(), problem.GetProperty("member").GetString()));
        Assert.DoesNotContain(_daemon.Requests, r => PinWrites.Contains(r.Command));
        await _client.SendAsAsync("bob", "POST", "/robots/torvalds/release-control", null, HttpStatusCode.OK);
    }

    [Fact]
    public async Task OneMemberRefusedInItsGate_ByTheSafetyEnvelope_RefusesTheGroup_WithNoPinWrittenOnAnyMember()
    {
        _daemon.ClearRequests();

        // Torvalds starts 0.05 m from the crate, inside the margin: it cannot move forward at all; Linus could.
        using var refused = await _client.SendAsAsync("alice", "POST", "/groups/all/velocity", """{"linear":0.5,"angular":0}""");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((ProblemTypes.KeepOut, "Torvalds", "Crate"),
            (problem.GetProperty("type").GetString(), problem.GetProperty("member").GetString(), problem.GetProperty("zone").GetString()));
        Assert.DoesNotContain(_daemon.Requests, r => PinWrites.Contains(r.Command));
        Assert.Equal(Direction.Stop, _api.Robot("Linus").GetState().Motion);
    }

    [Fact]
    public async Task OnHardware_TheGroupsStateSaysItsPosesAreEstimated()
    {
        var group = await _client.GetFromJsonAsync<JsonElement>("/groups/all");

        Assert.True(group.GetProperty("estimated").GetBoolean());
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
        await _daemon.DisposeAsync();
    }
}
