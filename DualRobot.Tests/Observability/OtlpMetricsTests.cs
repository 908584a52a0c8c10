using System.Text.Json;
using DualRobot.Tests.Frontend;
using Microsoft.Playwright;

namespace DualRobot.Tests.Observability;

/// <summary>
/// The robot metrics reach the Aspire dashboard over OTLP: its Metrics page (a real Aspire Dashboard, read in
/// Chromium, since its HTTP API serves traces and logs only) lists every robot instrument with its description.
/// </summary>
[Collection(ObservabilityCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class OtlpMetricsTests(ObservabilityFixture fixture, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Meter = "DualRobot.Api.Robots";

    private static readonly string[] Instruments =
    [
        "dualrobot.commands", "dualrobot.robot.motion", "dualrobot.robot.speed", "dualrobot.robot.eye",
        "dualrobot.robot.servo_angle", "dualrobot.gpio.write_duration", "dualrobot.deadman_stops", "dualrobot.emergency_stops",
        "dualrobot.emergency_stop_latched", "dualrobot.backend_connected", "dualrobot.backend_reconnects",
    ];

    [RequiresToolFact(Tools.AspireDashboard, Tools.Chromium)]
    public async Task DashboardMetricsPage_ListsEveryRobotInstrument()
    {
        Tools.Require(Tools.AspireDashboard);
        var receiver = fixture.DashboardReceiver ?? throw new Xunit.Sdk.XunitException("The fixture did not start the OTLP receivers.");
        var api = await ResourceNameAsync(receiver, "api");

        await using var context = await browser.NewContextAsync(receiver.UiAddress, signedIn: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"metrics/resource/{api}");

        await Assertions.Expect(page.GetByText(Meter, new PageGetByTextOptions { Exact = true }).First).ToBeVisibleAsync();
        foreach (var instrument in Instruments)
        {
            await Assertions.Expect(Instrument(page, instrument)).ToBeAttachedAsync();
        }

        // Its chart carries the description, the same text as the /metrics help.
        await Instrument(page, "dualrobot.commands").ClickAsync(new LocatorClickOptions { Force = true });
        await Assertions.Expect(page.GetByText("Commands received, by robot, action and outcome.").First).ToBeVisibleAsync();
    }

    private static ILocator Instrument(IPage page, string name) => page.GetByText(name, new PageGetByTextOptions { Exact = true }).First;

    /// <summary>The dashboard's name for the service (it adds a suffix when two instances share a name).</summary>
    private static async Task<string> ResourceNameAsync(OtlpReceiver receiver, string service)
    {
        string? name = null;
        await Eventually.True(async () =>
        {
            using var resources = JsonDocument.Parse(await receiver.Client.GetStringAsync("api/telemetry/resources"));
            name = resources.RootElement.EnumerateArray()
                .Where(r => r.GetProperty("hasMetrics").GetBoolean())
                .Select(r => r.GetProperty("name").GetString())
                .FirstOrDefault(n => n is not null && n.StartsWith(service, StringComparison.Ordinal));
            return name is not null;
        }, () => $"{service} sent no metrics", TimeSpan.FromMinutes(2), Eventually.ServerInterval);
        return name!;
    }
}
