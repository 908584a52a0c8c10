using System.Net.Http.Json;
using DualRobot.Tests.Apis;
using DualRobot.AppHost;
using Microsoft.Extensions.DependencyInjection;

namespace DualRobot.Tests.AppHost;

/// <summary>The "Emergency stop" and "Release e-stop" buttons the AppHost puts on the api in the Aspire dashboard.</summary>
[Collection(AppHostCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class EmergencyStopCommandTests(AppHostFixture fixture)
{
    [Fact]
    public async Task DashboardCommands_LatchAndReleaseTheEmergencyStop()
    {
        var commands = fixture.App.Services.GetRequiredService<ResourceCommandService>();
        var api = fixture.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == "api");
        using var client = fixture.CreateHttpClient("api");

        try
        {
            var latch = await commands.ExecuteCommandAsync(api, "estop");
            Assert.True(latch.Success, latch.Message);
            Assert.True((await client.GetFromJsonAsync<EmergencyStopDto>("/estop"))!.Latched);
        }
        finally
        {
            var release = await commands.ExecuteCommandAsync(api, "estop-release");
            Assert.True(release.Success, release.Message);
        }

        Assert.False((await client.GetFromJsonAsync<EmergencyStopDto>("/estop"))!.Latched);
    }

    [Fact]
    public async Task DashboardEmergencyStop_AsksFirst_AndLooksUnlikeAspiresOwnStop()
    {
        using var cts = new CancellationTokenSource(AppHostTesting.StartTimeout);
        var snapshot = (await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync("api", cts.Token)).Snapshot;

        var shown = Assert.Single(snapshot.Commands, c => c.Name == EmergencyStopCommands.EmergencyStop);

        // Aspire's own Stop (which kills the api) is the square "Stop" icon.
        Assert.Equal(EmergencyStopCommands.EmergencyStopIcon, shown.IconName);
        Assert.NotEqual("Stop", shown.IconName);
        Assert.False(string.IsNullOrWhiteSpace(shown.ConfirmationMessage));
        Assert.Equal(ResourceCommandState.Enabled, shown.State);
    }
}
