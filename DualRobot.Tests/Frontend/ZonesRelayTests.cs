using System.Net;
using System.Net.Http.Json;
using DualRobot.Tests.Audit;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// The envelope's settings through the console: every signed-in user reads the zones, only supervisors draw, delete
/// and toggle slow mode (the console refuses the others itself), and the api hears the signed-in supervisor.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class ZonesRelayTests(ConsoleWithApi console) : IClassFixture<ConsoleWithApi>
{
    private static readonly object Square = new { rectangle = new { minX = 1, minY = 1, maxX = 1.5, maxY = 1.5 } };

    [Theory]
    [InlineData(OperatorRoles.Viewer)]
    [InlineData(OperatorRoles.Operator)]
    public async Task BelowSupervisor_TheConsoleRefusesZoneEditsAndSlowMode_403_AndNothingReachesTheApi(string role)
    {
        using var client = await console.SignedInAsync(role);
        var version = console.Api.Robot("Linus").GetState().Envelope!.ZonesVersion;

        using var put = await client.PutAsJsonAsync($"/control/zones/{role}", Square);
        using var delete = await client.DeleteAsync($"/control/zones/{role}");
        using var slow = await client.PostAsJsonAsync("/control/Linus/slow-mode", new { enabled = true });

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (put.StatusCode, delete.StatusCode, slow.StatusCode));
        Assert.Equal(version, console.Api.Robot("Linus").GetState().Envelope!.ZonesVersion);
        Assert.False(console.Api.Robot("Linus").GetState().Envelope!.SlowMode);
    }

    [Fact]
    public async Task ASupervisor_DrawsAndDeletesAZone_AndTogglesSlowMode_AsTheSignedInUser_AndEveryoneReadsTheZones()
    {
        using var sue = await console.SignedInAsync(OperatorRoles.Supervisor);
        using var vera = await console.SignedInAsync(OperatorRoles.Viewer);

        using var drawn = await sue.PutAsJsonAsync("/control/zones/Desk", Square);
        Assert.Equal(HttpStatusCode.OK, drawn.StatusCode);
        var zones = await vera.GetFromJsonAsync<ZoneSetDto>("/zones");
        var desk = Assert.Single(zones!.Zones, z => z.Name == "Desk");
        Assert.Equal(ConsoleWithApi.Users[OperatorRoles.Supervisor], desk.ChangedBy);

        using var slow = await sue.PostAsJsonAsync("/control/Linus/slow-mode", new { enabled = true });
        Assert.Equal(HttpStatusCode.OK, slow.StatusCode);
        Assert.True(console.Api.Robot("Linus").GetState().Envelope!.SlowMode);
        using var fast = await sue.PostAsJsonAsync("/control/Linus/slow-mode", new { enabled = false });

        using var deleted = await sue.DeleteAsync("/control/zones/Desk");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.DoesNotContain((await vera.GetFromJsonAsync<ZoneSetDto>("/zones"))!.Zones, z => z.Name == "Desk");

        using var api = console.Api.CreateAuthorizedClient();
        string[] actions = [RobotActions.ZonePut, RobotActions.SlowMode, RobotActions.ZoneDelete];
        await Eventually.True(async () => (await api.AuditAsync($"&user={ConsoleWithApi.Users[OperatorRoles.Supervisor]}"))
            .Select(r => r.Action).Intersect(actions).Count() == actions.Length, "the supervisor's changes are in the audit trail");
    }

    [Fact]
    public async Task ABadShape_IsTheApisProblem_NamingTheField()
    {
        using var sue = await console.SignedInAsync(OperatorRoles.Supervisor);

        using var bowTie = await sue.PutAsJsonAsync("/control/zones/Bow", new { polygon = new[] { new { x = 0, y = 0 }, new { x = 1, y = 1 }, new { x = 1, y = 0 }, new { x = 0, y = 1 } } });

        Assert.Equal(HttpStatusCode.BadRequest, bowTie.StatusCode);
        Assert.Contains("crosses itself", await bowTie.Content.ReadAsStringAsync());
    }

    private sealed record ZoneSetDto(long Version, double MarginMeters, List<ZoneDto> Zones);

    private sealed record ZoneDto(string Name, string? Robot, string Source, string? ChangedBy);
}
