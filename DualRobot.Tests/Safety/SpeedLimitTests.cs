using System.Net;
using System.Text.Json;
using DualRobot.Tests.Apis;
using DualRobot.Tests.Audit;

namespace DualRobot.Tests.Safety;

/// <summary>The speed caps: per role (<c>Safety:MaxSpeed:*</c>) and a robot's slow mode, which supervisors toggle.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class SpeedLimitTests
{
    private const int LinusLeftEnable = 12;

    [Fact]
    public async Task AnOperator_IsCappedAtTheRolesMaxSpeed_KeepingTheArc_AndTheStateSaysSo()
    {
        await using var api = new ApiFactory(new Dictionary<string, string?> { ["Safety:MaxSpeed:Operator"] = "0.5" });
        using var client = api.CreateAuthorizedClient();

        using var otto = await client.SendAsAsync("otto", "POST", "/robots/linus/velocity", """{"linear":1,"angular":0.5,"leaseMs":500}""",
            HttpStatusCode.OK, OperatorRoles.Operator);

        var state = api.Robot("Linus").GetState();
        Assert.Equal((0.5 / 3, 0.5), (state.Left, state.Right));
        Assert.Equal((EnvelopeLimit.Role, 0.5), (state.Envelope!.Limit, state.Envelope.Scale));
        Assert.Equal(0.5, state.Envelope.MaxSpeed[OperatorRoles.Operator]);
        Assert.Equal(1, state.Envelope.MaxSpeed[OperatorRoles.Supervisor]);
        Assert.Equal(0.5, api.Pins("Linus").GetDutyCycle(26)!.Value, 9);
        using (var json = JsonDocument.Parse(await otto.Content.ReadAsStringAsync()))
        {
            Assert.Equal("role", json.RootElement.GetProperty("envelope").GetProperty("limit").GetString());
        }

        (await client.SendAsAsync("otto", "POST", "/robots/linus/release-control", null, HttpStatusCode.OK, OperatorRoles.Operator)).Dispose();
        (await client.SendAsAsync("sue", "POST", "/robots/linus/velocity", """{"linear":1,"angular":0,"leaseMs":500}""",
            HttpStatusCode.OK, OperatorRoles.Supervisor)).Dispose();
        state = api.Robot("Linus").GetState();
        Assert.Equal((1.0, 1.0, EnvelopeLimit.None), (state.Left, state.Right, state.Envelope!.Limit));
    }

    [Fact]
    public async Task SlowMode_ASupervisorTurnsItOn_EveryDriverIsCapped_Audited_AndOffAgain()
    {
        await using var api = new ApiFactory();
        using var client = api.CreateAuthorizedClient();

        using var on = await client.SendAsAsync("sue", "PUT", "/robots/linus/slow-mode", """{"enabled":true}""", HttpStatusCode.OK, OperatorRoles.Supervisor);
        var state = api.Robot("Linus").GetState();
        Assert.True(state.Envelope!.SlowMode);
        Assert.Equal(0.3, state.Envelope.MaxSpeed[OperatorRoles.Operator]);
        Assert.Equal(0.3, state.Envelope.MaxSpeed[OperatorRoles.Supervisor]);
        Assert.False(api.Robot("Torvalds").GetState().Envelope!.SlowMode);

        (await client.SendAsAsync("sue", "POST", "/robots/linus/drive", """{"direction":"forward","speed":1,"leaseMs":500}""", HttpStatusCode.OK)).Dispose();
        state = api.Robot("Linus").GetState();
        Assert.Equal((0.3, 0.3, EnvelopeLimit.SlowMode), (state.Left, state.Right, state.Envelope!.Limit));
        Assert.Equal(0.3, api.Pins("Linus").GetDutyCycle(LinusLeftEnable)!.Value, 9);

        (await client.SendAsAsync("sue", "PUT", "/robots/linus/slow-mode", """{"enabled":false}""", HttpStatusCode.OK)).Dispose();
        (await client.SendAsAsync("sue", "POST", "/robots/linus/drive", """{"direction":"forward","speed":1,"leaseMs":500}""", HttpStatusCode.OK)).Dispose();
        Assert.Equal(1, api.Robot("Linus").GetState().Left);

        List<AuditRecordDto> toggles = [];
        await Eventually.True(async () => (toggles = [.. (await client.AuditAsync("&user=sue&robot=linus")).Where(r => r.Action == RobotActions.SlowMode)]).Count == 2,
            "both toggles are in the audit trail");
        Assert.Equal(["false", "true"], toggles.Select(r => r.Parameters!["enabled"]));
    }

    [Fact]
    public async Task SlowMode_TurnedOnDuringAHeldMotion_SlowsItAtItsNextHeartbeat()
    {
        await using var api = new ApiFactory();
        using var client = api.CreateAuthorizedClient();
        (await client.SendAsAsync("otto", "POST", "/robots/linus/drive", """{"direction":"forward","speed":1,"leaseMs":2000}""", HttpStatusCode.OK, OperatorRoles.Operator)).Dispose();

        (await client.SendAsAsync("sue", "PUT", "/robots/linus/slow-mode", """{"enabled":true}""", HttpStatusCode.OK)).Dispose();
        Assert.Equal(1, api.Robot("Linus").GetState().Left);
        (await client.SendAsAsync("otto", "POST", "/robots/linus/heartbeat", """{"leaseMs":2000}""", HttpStatusCode.OK, OperatorRoles.Operator)).Dispose();

        var state = api.Robot("Linus").GetState();
        Assert.Equal((Direction.Forward, 0.3, 0.3), (state.Motion, state.Left, state.Right));
        Assert.Equal(EnvelopeLimit.SlowMode, state.Envelope!.Limit);
        Assert.Equal(0.3, api.Pins("Linus").GetDutyCycle(LinusLeftEnable)!.Value, 9);
    }

    [Fact]
    public async Task AnOperator_CannotToggleSlowMode_403()
    {
        await using var api = new ApiFactory();
        using var client = api.CreateAuthorizedClient();

        (await client.SendAsAsync("otto", "PUT", "/robots/linus/slow-mode", """{"enabled":true}""", HttpStatusCode.Forbidden, OperatorRoles.Operator)).Dispose();

        Assert.False(api.Robot("Linus").GetState().Envelope!.SlowMode);
    }

    [Fact]
    public async Task ARobotWithOnlyFullSpeed_HasNoSlowMode_AndRefusesAMotionOverItsSendersCap_WithNoPinChange()
    {
        await using var api = new ApiFactory(new Dictionary<string, string?> { ["Safety:MaxSpeed:Operator"] = "0.5" });
        using var client = api.CreateAuthorizedClient();

        using var slow = await client.SendAsAsync("sue", "PUT", "/robots/torvalds/slow-mode", """{"enabled":true}""", HttpStatusCode.BadRequest);
        Assert.Contains("\"enabled\"", await slow.Content.ReadAsStringAsync());

        var pins = api.TotalPinChanges;
        using var drive = await client.SendAsAsync("otto", "POST", "/robots/torvalds/drive", """{"direction":"forward"}""", HttpStatusCode.Conflict, OperatorRoles.Operator);
        Assert.Contains(ProblemTypes.SpeedLimit, await drive.Content.ReadAsStringAsync());
        Assert.Equal(pins, api.TotalPinChanges);
        Assert.Equal(0, api.Robot("Torvalds").GetState().Envelope!.MaxSpeed[OperatorRoles.Operator]);

        // A supervisor's cap is full speed: Torvalds drives for them.
        (await client.SendAsAsync("otto", "POST", "/robots/torvalds/release-control", null, HttpStatusCode.OK, OperatorRoles.Operator)).Dispose();
        (await client.SendAsAsync("sue", "POST", "/robots/torvalds/drive", """{"direction":"forward"}""", HttpStatusCode.OK, OperatorRoles.Supervisor)).Dispose();
    }
}
