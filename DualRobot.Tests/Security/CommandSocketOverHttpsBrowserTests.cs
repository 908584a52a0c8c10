using DualRobot.Tests.Frontend;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DualRobot.Tests.Security;

/// <summary>
/// Issue 25, point 2, in Chromium: over HTTPS the page's hold goes over the command socket, which Chromium opens as
/// an extended CONNECT on the page's HTTP/2 connection, and not as <c>/control</c> requests (which the page fell back
/// to while the route answered the CONNECT 405). And point 7, as the page sees it: when the console closes the
/// socket as it shuts down (1001, going away), the page sends its commands as requests until it has reconnected. The
/// console on HTTPS with HTTP/1.1 and HTTP/2 and a throwaway certificate the browser context is told to accept; the
/// api (simulated robots) in memory.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class CommandSocketOverHttpsBrowserTests(ConsoleWithApiOverHttps console, BrowserFixture browser)
    : IClassFixture<ConsoleWithApiOverHttps>, IClassFixture<BrowserFixture>
{
    [RequiresToolFact(Tools.Chromium)]
    public async Task OverHttp2_AHoldAndItsReleaseGoOverTheSocket_NotAsRequests()
    {
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        var requests = RecordControlRequests(page);
        await ConsolePages.SignInAsync(page, "operator", FrontendFactory.OperatorPassword);
        await ConsolePages.CommandSocketOpenAsync(page);

        await HoldAndReleaseAsync(page);

        Assert.Equal("h2", await page.EvaluateAsync<string>("() => performance.getEntriesByType('navigation')[0].nextHopProtocol"));
        Assert.Contains("CONNECT HTTP/2", console.SocketHandshakes);
        lock (requests)
        {
            Assert.Empty(requests);
        }
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task WhenTheSocketIsClosedGoingAway_ThePageDrivesByRequests_ThenReconnects()
    {
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        var requests = RecordControlRequests(page);
        var sockets = new List<IWebSocketRoute>();
        var consoleBack = false;
        await page.RouteWebSocketAsync("**/control/socket", socket =>
        {
            lock (sockets)
            {
                if (!Volatile.Read(ref consoleBack) && sockets.Count > 0)
                {
                    _ = socket.CloseAsync(); // the console is away: no socket until it is back
                    return;
                }

                socket.ConnectToServer();
                sockets.Add(socket);
            }
        });
        await ConsolePages.SignInAsync(page, "operator", FrontendFactory.OperatorPassword);
        await ConsolePages.CommandSocketOpenAsync(page);

        // What the console sends every open socket as it shuts down.
        await sockets[0].CloseAsync(new WebSocketRouteCloseOptions { Code = 1001, Reason = "The console is shutting down." });
        await Expect(page.Locator("html[data-command-socket='closed']")).ToHaveCountAsync(1);
        await HoldAndReleaseAsync(page);
        lock (requests)
        {
            Assert.Contains(requests, url => url.EndsWith("/control/Linus/drive", StringComparison.Ordinal));
            requests.Clear();
        }

        Volatile.Write(ref consoleBack, true);
        await ConsolePages.CommandSocketOpenAsync(page);
        await HoldAndReleaseAsync(page);
        lock (requests)
        {
            Assert.Empty(requests);
        }
    }

    /// <summary>A context that accepts the console's throwaway certificate, as a browser told to trust it would.</summary>
    private async Task<IBrowserContext> NewContextAsync()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = console.Address!.ToString().TrimEnd('/'),
            IgnoreHTTPSErrors = true,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(60_000);
        return context;
    }

    /// <summary>The page's <c>/control</c> requests for Linus: what the socket, while open, carries instead.</summary>
    private static List<string> RecordControlRequests(IPage page)
    {
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
        return requests;
    }

    private async Task HoldAndReleaseAsync(IPage page)
    {
        await ConsolePages.PressAndHoldAsync(page, ConsolePages.Button(page, "Linus forward"));
        await Eventually.True(() => console.Api.Robot("Linus").GetState().Motion == Direction.Forward, "Linus drives forward");
        await page.Mouse.UpAsync();
        await Eventually.True(() => console.Api.Robot("Linus").GetState().Motion == Direction.Stop, "Linus stops on the release");
    }
}
