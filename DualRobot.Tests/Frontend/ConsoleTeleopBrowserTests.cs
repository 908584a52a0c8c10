using System.Collections.Concurrent;
using System.Text.Json;
using DualRobot.Tests.AppHost;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// Teleop in the console (issue 13): key arcs, gamepad and touch joystick through the velocity command, and the arena.
/// The page's velocity calls are intercepted at <c>/control/{robot}/velocity</c>, recorded and answered, so what is
/// checked is the body the page sends; stops and the e-stop go through to the api as usual.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
[Collection(AppHostCollection.Name)]
public sealed class ConsoleTeleopBrowserTests(AppHostFixture fixture, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    // A scripted navigator.getGamepads, installed before the page's own script runs.
    private const string ScriptedGamepads = """
        (() => {
          const button = () => ({ pressed: false, touched: false, value: 0 });
          window.__pads = [];
          window.__pad = (index, id) => {
            const pad = { index, id, connected: true, mapping: 'standard', timestamp: 0, axes: [0, 0, 0, 0], buttons: Array.from({ length: 17 }, button) };
            window.__pads[index] = pad;
            return pad;
          };
          Object.defineProperty(Navigator.prototype, 'getGamepads', { value: () => window.__pads, configurable: true });
        })();
        """;

    private readonly ApiState _api = new(fixture);

    private Uri FrontendUrl => fixture.App.GetEndpoint("frontend", "http");

    [RequiresToolFact(Tools.Chromium)]
    public async Task KeyChords_DriveArcsThroughVelocity_SingleKeysDriveAsBefore()
    {
        await using var context = await browser.NewContextAsync(FrontendUrl, signedIn: true);
        var page = await context.NewPageAsync();
        var velocities = await RecordVelocitiesAsync(page);
        try
        {
            await page.GotoAsync("/");
            var speed = double.Parse(await ConsolePages.Card(page, "Linus").GetByLabel("Speed", new() { Exact = true }).InputValueAsync(),
                System.Globalization.CultureInfo.InvariantCulture) / 100;

            await page.Keyboard.DownAsync("w");
            await _api.WaitForMotionAsync("Linus", "forward");
            await page.Keyboard.DownAsync("a");
            var arc = await NextAsync(velocities, "Linus");
            Assert.Equal(speed, arc.GetProperty("linear").GetDouble(), 3);
            Assert.True(arc.GetProperty("angular").GetDouble() > 0, $"W+A turns counter-clockwise: {arc}");
            Assert.Equal(500, arc.GetProperty("leaseMs").GetInt32());

            await page.Keyboard.UpAsync("a");
            await _api.WaitForMotionAsync("Linus", "forward"); // W alone: a plain drive again
            await page.Keyboard.UpAsync("w");
            await _api.WaitForMotionAsync("Linus", "stop");

            await page.Keyboard.DownAsync("i");
            await page.Keyboard.DownAsync("l");
            var torvalds = await NextAsync(velocities, "Torvalds");
            Assert.True(torvalds.GetProperty("linear").GetDouble() > 0);
            Assert.True(torvalds.GetProperty("angular").GetDouble() < 0, $"I+L turns clockwise: {torvalds}");
            await page.Keyboard.UpAsync("l");
            await page.Keyboard.UpAsync("i");
            await _api.WaitForMotionAsync("Torvalds", "stop");
        }
        finally
        {
            await _api.ResetAsync();
        }
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task Gamepad_DrivesOnlyWhileEnabled_ReleaseStops_BStops_BackLatchesTheEmergencyStop()
    {
        await using var context = await browser.NewContextAsync(FrontendUrl, signedIn: true);
        await context.AddInitScriptAsync(ScriptedGamepads);
        var page = await context.NewPageAsync();
        var velocities = await RecordVelocitiesAsync(page);
        var stops = await RecordStopsAsync(page);
        try
        {
            await page.GotoAsync("/");
            await page.EvaluateAsync("() => { window.__pad(0, 'Scripted pad A'); window.__pad(1, 'Scripted pad B'); }");
            await Expect(page.Locator("#gamepads [data-pad='1']")).ToHaveTextAsync("Pad 1 (Scripted pad A) drives Linus");
            await Expect(page.Locator("#gamepads [data-pad='2']")).ToHaveTextAsync("Pad 2 (Scripted pad B) drives Torvalds");

            // Stick forward without the enable button: nothing moves.
            await page.EvaluateAsync("() => { window.__pads[0].axes[1] = -1; }");
            // Inside the dead zone with the enable button held: nothing either.
            await page.EvaluateAsync("() => { window.__pads[1].axes[0] = 0.05; window.__pads[1].buttons[5].pressed = true; }");

            // Enable (LB) held: forward and to the left, counter-clockwise.
            await page.EvaluateAsync("() => { window.__pads[0].axes[0] = -0.5; window.__pads[0].buttons[4].pressed = true; }");
            var command = await NextAsync(velocities, "Linus");
            Assert.True(command.GetProperty("linear").GetDouble() > 0, command.ToString());
            Assert.True(command.GetProperty("angular").GetDouble() > 0, command.ToString());
            Assert.DoesNotContain(velocities, entry => entry.Robot == "Torvalds");

            // A blurred window stops the robot; the pad drives again only once its enable button is pressed anew.
            await page.EvaluateAsync("() => window.dispatchEvent(new Event('blur'))");
            await Eventually.True(() => stops.Contains("Linus"), "the blur stopped Linus");
            stops.Clear();
            velocities.Clear();
            await page.EvaluateAsync("() => { window.__pads[0].buttons[4].pressed = false; }");
            await page.EvaluateAsync("() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)))");
            await page.EvaluateAsync("() => { window.__pads[0].buttons[4].pressed = true; }");
            await NextAsync(velocities, "Linus");

            // Letting go of the enable button sends one stop.
            await page.EvaluateAsync("() => { window.__pads[0].buttons[4].pressed = false; }");
            await Eventually.True(() => stops.Contains("Linus"), "releasing LB stopped Linus");

            // B stops the pad's robot; Back is the emergency stop.
            stops.Clear();
            await page.EvaluateAsync("() => { window.__pads[1].buttons[1].pressed = true; }");
            await Eventually.True(() => stops.Contains("Torvalds"), "B stopped Torvalds");
            await page.EvaluateAsync("() => { window.__pads[0].buttons[8].pressed = true; }");
            await _api.WaitForEmergencyStopAsync(latched: true);

            // A pad that goes away is no longer listed.
            await page.EvaluateAsync("() => { window.__pads.length = 1; }");
            await Expect(page.Locator("#gamepads [data-pad]")).ToHaveCountAsync(1);
        }
        finally
        {
            await _api.ResetAsync();
        }
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task TouchJoystick_DragDrives_ReleaseStops()
    {
        await using var context = await browser.NewContextAsync(FrontendUrl, signedIn: true, phone: true);
        var page = await context.NewPageAsync();
        var velocities = await RecordVelocitiesAsync(page);
        var stops = await RecordStopsAsync(page);
        try
        {
            await page.GotoAsync("/");
            var stick = ConsolePages.Button(page, "Torvalds joystick: drag to drive, let go to stop");
            await stick.ScrollIntoViewIfNeededAsync();
            var box = await stick.BoundingBoxAsync();
            Assert.NotNull(box);
            var (x, y) = (box.X + box.Width / 2, box.Y + box.Height / 2);

            await page.Mouse.MoveAsync(x, y);
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(x + box.Width / 4, y - box.Height / 2, new() { Steps = 4 }); // up and to the right
            var command = await NextAsync(velocities, "Torvalds");
            Assert.True(command.GetProperty("linear").GetDouble() > 0, command.ToString());
            await page.Mouse.UpAsync();

            await Eventually.True(() => stops.Contains("Torvalds"), "letting go stopped Torvalds");
        }
        finally
        {
            await _api.ResetAsync();
        }
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task TheArena_IsShownToAnonymousViewers_AndOperatorsCanResetAPose()
    {
        await using var viewerContext = await browser.NewContextAsync(FrontendUrl, signedIn: false, phone: true);
        var viewer = await viewerContext.NewPageAsync();
        await viewer.GotoAsync("/");
        var arena = viewer.Locator("#arena");
        await Expect(arena).ToBeVisibleAsync();
        await Expect(viewer.Locator("#arena-legend li")).ToHaveCountAsync(2);
        await Expect(viewer.Locator("#arena-legend li[data-robot='Linus']")).ToContainTextAsync("Linus");
        await Expect(viewer.Locator("[data-reset-pose]")).ToHaveCountAsync(0);
        var box = await arena.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.Width <= BrowserFixture.Phone.Width, $"the arena fits a phone: {box.Width} px wide");

        await using var operatorContext = await browser.NewContextAsync(FrontendUrl, signedIn: true);
        var page = await operatorContext.NewPageAsync();
        var resets = new ConcurrentQueue<string>();
        await page.RouteAsync("**/control/*/pose/reset", async route =>
        {
            resets.Enqueue(route.Request.Url);
            await route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = "{}" });
        });
        await page.GotoAsync("/");
        await ConsolePages.Button(page, "Reset Linus pose").ClickAsync();
        await Eventually.True(() => resets.Any(url => url.EndsWith("/control/Linus/pose/reset", StringComparison.Ordinal)), "the reset was sent");
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task Screenshots_OfTheDesktopConsoleWithTheArena_AndOfThePhoneLayout()
    {
        var folder = RepositoryPaths.Combine("DualRobot.Frontend", "Screenshots");
        Directory.CreateDirectory(folder);
        try
        {
            foreach (var (name, phone) in new[] { ("console.png", false), ("console-phone.png", true) })
            {
                await using var context = await browser.NewContextAsync(FrontendUrl, signedIn: true, phone: phone);
                var page = await context.NewPageAsync();
                await page.GotoAsync("/");
                await Expect(ConsolePages.Card(page, "Linus").Locator("[data-field=connection]")).ToHaveTextAsync("connected");
                await Expect(page.Locator("#arena-legend li")).ToHaveCountAsync(2);
                var path = Path.Combine(folder, name);
                await page.ScreenshotAsync(new() { Path = path, FullPage = true });
                Assert.True(new FileInfo(path).Length > 0);
            }
        }
        finally
        {
            await _api.ResetAsync();
        }
    }

    private static async Task<ConcurrentQueue<(string Robot, JsonElement Body)>> RecordVelocitiesAsync(IPage page)
    {
        var velocities = new ConcurrentQueue<(string Robot, JsonElement Body)>();
        await page.RouteAsync("**/control/*/velocity", async route =>
        {
            var robot = Uri.UnescapeDataString(new Uri(route.Request.Url).Segments[^2].TrimEnd('/'));
            using var body = JsonDocument.Parse(route.Request.PostData ?? "{}");
            velocities.Enqueue((robot, body.RootElement.Clone()));
            await route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = "{}" });
        });
        return velocities;
    }

    private static async Task<ConcurrentBag<string>> RecordStopsAsync(IPage page)
    {
        var stops = new ConcurrentBag<string>();
        await page.RouteAsync("**/control/*/drive", async route =>
        {
            if (route.Request.PostData?.Contains("\"stop\"", StringComparison.Ordinal) == true)
            {
                stops.Add(Uri.UnescapeDataString(new Uri(route.Request.Url).Segments[^2].TrimEnd('/')));
            }

            await route.ContinueAsync();
        });
        return stops;
    }

    private static async Task<JsonElement> NextAsync(ConcurrentQueue<(string Robot, JsonElement Body)> velocities, string robot)
    {
        JsonElement found = default;
        await Eventually.True(() =>
        {
            var hit = velocities.FirstOrDefault(entry => entry.Robot == robot);
            found = hit.Body;
            return hit.Robot is not null;
        }, $"a velocity command for {robot}");
        return found;
    }
}
