using System.Text.Json;
using DualRobot.Api.Robots;
using DualRobot.Tests.AppHost;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// Teleop in the console (issue 13): key arcs, gamepad and touch joystick through the velocity command, end to end:
/// the page's commands go through the console to the api of the running AppHost (simulated robots), and what is
/// checked is what the robot does there (motion, side values, accepted stops).
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
[Collection(AppHostCollection.Name)]
public sealed class ConsoleTeleopBrowserTests(AppHostFixture fixture, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>The simulated robots' wheel base (the api's Kinematics default).</summary>
    private const double WheelBaseMeters = 0.15;

    private readonly ApiState _api = new(fixture);

    [RequiresToolFact(Tools.Chromium)]
    public async Task KeyChords_DriveArcsThroughVelocity_SingleKeysDriveAsBefore()
    {
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true);
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/");
            await Expect(ConsolePages.Card(page, "Linus").Locator("[data-field=connection]")).ToHaveTextAsync("connected");

            await page.Keyboard.DownAsync("w");
            await _api.WaitForMotionAsync("Linus", "forward");
            await page.Keyboard.DownAsync("a");
            // W+A: forward and counter-clockwise, so the right side leads; a gentle curve, as two keys drive in a game:
            // the sides' circle, at the api's wheel base, has a radius of at least half a metre (it was 0.13 m).
            var arc = await WaitForArcAsync("Linus", (left, right) => left > 0 && right > left, "a forward arc to the left");
            var (l, r) = (arc.GetProperty("left").GetDouble(), arc.GetProperty("right").GetDouble());
            var radius = WheelBaseMeters / 2 * (r + l) / (r - l);
            Assert.True(radius >= 0.5, $"W+A drives a circle of radius {radius:0.00} m (sides {l} / {r})");

            await page.Keyboard.UpAsync("a");
            await _api.WaitForMotionAsync("Linus", "forward"); // W alone: a plain drive again
            await page.Keyboard.UpAsync("w");
            await _api.WaitForMotionAsync("Linus", "stop");

            await page.Keyboard.DownAsync("i");
            await page.Keyboard.DownAsync("l");
            // I+L: clockwise, so the left side leads. Torvalds has no enable pins (a side runs full or not at all), so
            // the console pivots it about its inner wheel: a gentler arc would run both sides full, straight ahead.
            await WaitForArcAsync("Torvalds", (left, right) => left > 0 && right == 0, "a forward pivot to the right");
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
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true);
        await ScriptedGamepads.InstallAsync(context);
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/");
            await page.EvaluateAsync("() => { window.__pad(0, 'Scripted pad A'); window.__pad(1, 'Scripted pad B'); }");
            await Expect(page.Locator("#gamepads [data-pad='1']")).ToHaveTextAsync("Pad 1 (Scripted pad A) drives Linus");
            await Expect(page.Locator("#gamepads [data-pad='2']")).ToHaveTextAsync("Pad 2 (Scripted pad B) drives Torvalds");
            var torvaldsVelocities = await _api.AcceptedAsync("Torvalds", RobotActions.Velocity);

            // Stick forward without the enable button: nothing moves.
            await page.EvaluateAsync("() => { window.__pads[0].axes[1] = -1; }");
            // Inside the dead zone with the enable button held: nothing either.
            await page.EvaluateAsync("() => { window.__pads[1].axes[0] = 0.05; window.__pads[1].buttons[5].pressed = true; }");
            await ScriptedGamepads.TwoFramesAsync(page);
            Assert.Equal("stop", (await _api.RobotAsync("Linus")).GetProperty("motion").GetString());

            // Enable (LB) held: forward and to the left, counter-clockwise, so the right side leads.
            await page.EvaluateAsync("() => { window.__pads[0].axes[0] = -0.5; window.__pads[0].buttons[4].pressed = true; }");
            await WaitForArcAsync("Linus", (left, right) => left > 0 && right > left, "a forward arc to the left");
            Assert.Equal(torvaldsVelocities, await _api.AcceptedAsync("Torvalds", RobotActions.Velocity));
            Assert.Equal("stop", (await _api.RobotAsync("Torvalds")).GetProperty("motion").GetString());

            // A blurred window stops the robot; the pad drives again only once its enable button is pressed anew.
            var stops = await _api.StopsAsync("Linus");
            await page.EvaluateAsync("() => window.dispatchEvent(new Event('blur'))");
            await _api.WaitForAcceptedStopAsync("Linus", stops, "the blur stopped Linus");
            await page.EvaluateAsync("() => { window.__pads[0].buttons[4].pressed = false; }");
            await ScriptedGamepads.TwoFramesAsync(page);
            await page.EvaluateAsync("() => { window.__pads[0].buttons[4].pressed = true; }");
            await _api.WaitForMotionAsync("Linus", "velocity");

            // Letting go of the enable button sends one stop.
            stops = await _api.StopsAsync("Linus");
            await page.EvaluateAsync("() => { window.__pads[0].buttons[4].pressed = false; }");
            await _api.WaitForAcceptedStopAsync("Linus", stops, "releasing LB stopped Linus");

            // B stops the pad's robot; Back is the emergency stop.
            stops = await _api.StopsAsync("Torvalds");
            await page.EvaluateAsync("() => { window.__pads[1].buttons[1].pressed = true; }");
            await _api.WaitForAcceptedStopAsync("Torvalds", stops, "B stopped Torvalds");
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
    public async Task Gamepad_DrivesAtTheSpeedSlidersSpeed_AndTheSliderStaysWhereTheOperatorPutIt()
    {
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true);
        await ScriptedGamepads.InstallAsync(context);
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/");
            var card = ConsolePages.Card(page, "Linus");
            await Expect(card.Locator("[data-field=connection]")).ToHaveTextAsync("connected");
            var slider = card.GetByLabel("Speed", new() { Exact = true });
            await slider.FillAsync("10");
            await Expect(card.Locator("[data-field=speed]")).ToContainTextAsync("next drive 10 %");
            await page.EvaluateAsync("() => window.__pad(0, 'Scripted pad')");
            await Expect(page.Locator("#gamepads [data-pad='1']")).ToHaveTextAsync("Pad 1 (Scripted pad) drives Linus");

            // Full stick ahead with LB held: a velocity at the slider's 10 %.
            await ScriptedGamepads.DriveForwardAsync(page, 0);
            await WaitForArcAsync("Linus", (left, right) => Math.Abs(left - 0.1) < 1e-9 && Math.Abs(right - 0.1) < 1e-9, "driven straight at 10 %");

            // The page has the robot's new state (a velocity, its drive speed still 100 %): before, the slider jumped
            // back to 100 % here and the pad's next frame drove at full speed.
            await Expect(card).ToHaveAttributeAsync("data-motion", "velocity");
            Assert.Equal("10", await slider.InputValueAsync());
            await ScriptedGamepads.TwoFramesAsync(page);
            Assert.Equal("10", await slider.InputValueAsync());
            await Expect(card.Locator("[data-field=motion]")).ToHaveTextAsync("velocity 10 % / 10 %");
            var stops = await _api.StopsAsync("Linus");
            await page.EvaluateAsync("() => { window.__pads[0].buttons[4].pressed = false; }");
            await _api.WaitForAcceptedStopAsync("Linus", stops, "letting go of LB stopped Linus");
        }
        finally
        {
            await _api.ResetAsync();
        }
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task TouchJoystick_DragDrives_ReleaseStops()
    {
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true, phone: true);
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/");
            // A phone shows one robot's card at a time: the switcher brings Torvalds's.
            await page.GetByRole(AriaRole.Button, new() { Name = "Torvalds", Exact = true }).ClickAsync();
            var stick = ConsolePages.Button(page, "Torvalds joystick: drag to drive, let go to stop");
            await stick.ScrollIntoViewIfNeededAsync();
            var box = await stick.BoundingBoxAsync();
            Assert.NotNull(box);
            var (x, y) = (box.X + box.Width / 2, box.Y + box.Height / 2);

            await page.Mouse.MoveAsync(x, y);
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(x + box.Width / 4, y - box.Height / 2, new() { Steps = 4 }); // up and to the right
            // Forward and clockwise: the left side leads (or runs level: Torvalds' sides are on/off).
            await WaitForArcAsync("Torvalds", (left, right) => left > 0 && left >= right, "a forward arc to the right");
            var stops = await _api.StopsAsync("Torvalds");
            await page.Mouse.UpAsync();

            await _api.WaitForAcceptedStopAsync("Torvalds", stops, "letting go stopped Torvalds");
        }
        finally
        {
            await _api.ResetAsync();
        }
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task TheArena_IsShownToAnonymousViewers_OnlyOperatorsCanResetAPose()
    {
        await using var viewerContext = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: false, phone: true);
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

        await using var operatorContext = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true);
        var page = await operatorContext.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(ConsolePages.Button(page, "Reset Linus pose")).ToBeVisibleAsync(); // what it does: ArenaBrowserTests
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task Screenshots_OfTheDesktopConsoleWithTheArena_AndOfThePhoneLayout()
    {
        var folder = RepositoryPaths.Combine("DualRobot.Frontend", "Screenshots");
        Directory.CreateDirectory(folder);
        try
        {
            // From the start, wherever earlier tests left them: a robot already against a wall would not be seen to move.
            await _api.ResetPoseAsync("Linus");
            await _api.ResetPoseAsync("Torvalds");
            foreach (var (name, phone) in new[] { ("console.png", false), ("console-phone.png", true) })
            {
                await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true, phone: phone);
                var page = await context.NewPageAsync();
                await page.GotoAsync("/");
                await Expect(ConsolePages.Card(page, "Linus").Locator("[data-field=connection]")).ToHaveTextAsync("connected");
                await Expect(page.Locator("#arena-legend li")).ToHaveCountAsync(2);
                if (!phone)
                {
                    // Something to see in the arena: Linus drives an arc to the left, Torvalds pivots to the right.
                    await page.Keyboard.DownAsync("w");
                    await page.Keyboard.DownAsync("a");
                    await page.Keyboard.DownAsync("i");
                    await page.Keyboard.DownAsync("l");
                    await _api.WaitForRobotAsync("Linus", state => Math.Abs(state.GetProperty("pose").GetProperty("x").GetDouble())
                        + Math.Abs(state.GetProperty("pose").GetProperty("y").GetDouble()) > 0.15, "off its start");
                    foreach (var key in new[] { "a", "w", "l", "i" })
                    {
                        await page.Keyboard.UpAsync(key);
                    }

                    await _api.WaitForMotionAsync("Linus", "stop");
                    await _api.WaitForMotionAsync("Torvalds", "stop");
                }

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

    /// <summary>Waits until the api reports a velocity motion whose side values pass the check; returns that state.</summary>
    private Task<JsonElement> WaitForArcAsync(string robot, Func<double, double, bool> sides, string what) =>
        _api.WaitForRobotAsync(robot, state => state.GetProperty("motion").GetString() == "velocity"
            && sides(state.GetProperty("left").GetDouble(), state.GetProperty("right").GetDouble()), what);
}
