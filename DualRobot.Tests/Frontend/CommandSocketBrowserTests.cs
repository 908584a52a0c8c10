using DualRobot.Tests.AppHost;
using Microsoft.Playwright;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// The page drives over the console's command socket when it can, and by requests when it cannot: either way a hold
/// moves the robot and the release stops it. End to end, against the running AppHost's simulated robots.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
[Collection(AppHostCollection.Name)]
public sealed class CommandSocketBrowserTests(AppHostFixture fixture, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private readonly ApiState _api = new(fixture);

    [RequiresToolFact(Tools.Chromium)]
    public async Task WithTheSocketOpen_AHoldAndItsReleaseGoOverIt_NotAsRequests()
    {
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true);
        var page = await context.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/control/Linus/", StringComparison.Ordinal))
            {
                lock (requests)
                {
                    requests.Add(request.Url);
                }
            }
        };
        try
        {
            var commands = await CommandSocketTap.AttachAsync(page);
            await page.GotoAsync("/");
            await ConsolePages.CommandSocketOpenAsync(page);

            await ConsolePages.PressAndHoldAsync(page, ConsolePages.Button(page, "Linus forward"));
            await _api.WaitForMotionAsync("Linus", "forward");
            await page.Mouse.UpAsync();
            await _api.WaitForMotionAsync("Linus", "stop");

            await Eventually.True(() => commands.Answers.Any(answer => answer is { Command: { Robot: "Linus", IsStop: true }, Status: 200 }), "the stop was answered on the socket");
            Assert.Contains(commands.Sent, command => command is { Command: "drive", Robot: "Linus" } && command.Body.GetProperty("direction").GetString() == "forward");
            lock (requests)
            {
                Assert.Empty(requests);
            }
        }
        finally
        {
            await _api.ResetAsync();
        }
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task WithoutTheSocket_TheSameHoldGoesAsRequests()
    {
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true);
        var page = await context.NewPageAsync();
        try
        {
            // The socket never opens (a proxy that does not pass WebSockets, say).
            await page.RouteWebSocketAsync("**/control/socket", socket => socket.CloseAsync());
            await page.GotoAsync("/");

            var forward = page.WaitForRequestAsync(request => request.Url.EndsWith("/control/Linus/drive", StringComparison.Ordinal)
                && request.PostData?.Contains("\"forward\"", StringComparison.Ordinal) == true);
            await ConsolePages.PressAndHoldAsync(page, ConsolePages.Button(page, "Linus forward"));
            await forward;
            await _api.WaitForMotionAsync("Linus", "forward");

            var stop = page.WaitForRequestAsync(request => request.Url.EndsWith("/control/Linus/drive", StringComparison.Ordinal)
                && request.PostData?.Contains("\"stop\"", StringComparison.Ordinal) == true);
            await page.Mouse.UpAsync();
            await stop;
            await _api.WaitForMotionAsync("Linus", "stop");
        }
        finally
        {
            await _api.ResetAsync();
        }
    }
}
