using DualRobot.Api.Diagnostics;
using DualRobot.Tests.AppHost;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// The console in a real Chromium against the AppHost-hosted frontend and api. Outcomes are read from the api
/// (the ground truth), polled with generous timeouts; every test puts the fleet back in <c>finally</c>.
/// </summary>
[Collection(AppHostCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class OperatorConsoleBrowserTests(AppHostFixture fixture, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private readonly ApiState _api = new(fixture);

    [RequiresToolFact(Tools.Chromium)]
    public async Task SignIn_WithTheOperatorPassword_ShowsTheControls()
    {
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: false);
        var page = await context.NewPageAsync();

        await ConsolePages.SignInAsync(page);

        await Expect(ConsolePages.Button(page, "Linus forward")).ToBeVisibleAsync();
        await Expect(ConsolePages.Button(page, "Torvalds forward")).ToBeVisibleAsync();
        await Expect(ConsolePages.Button(page, "Emergency stop")).ToBeVisibleAsync();
        await Expect(page.Locator(".account")).ToContainTextAsync(AppHostFixture.OperatorName);
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task HoldingTheDpad_DrivesTheRobot_AndReleasingStopsIt()
    {
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true);
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/");

            Task<double> HeartbeatsAsync() => _api.MetricAsync(RobotMetrics.CommandsTotal, "robot=\"Linus\",action=\"heartbeat\",outcome=\"accepted\"");
            Task<double> DeadmanStopsAsync() => _api.MetricAsync(RobotMetrics.DeadmanStopsTotal, "robot=\"Linus\"");
            var deadmanStopsBefore = await DeadmanStopsAsync();

            await ConsolePages.PressAndHoldAsync(page, ConsolePages.Button(page, "Linus forward"));
            await _api.WaitForMotionAsync("Linus", "forward");
            var renewals = await HeartbeatsAsync();

            // Held for several leases (the console asks for 500 ms and renews every 150 ms): after ten renewals the
            // robot still moves and the deadman never fired.
            await Eventually.True(async () => await HeartbeatsAsync() >= renewals + 10, "the console renews the lease while held");
            Assert.Equal("forward", (await _api.RobotAsync("Linus")).GetProperty("motion").GetString());
            Assert.Equal(deadmanStopsBefore, await DeadmanStopsAsync());
            await Expect(ConsolePages.Card(page, "Linus").Locator("[data-field=motion]")).ToHaveTextAsync("forward");

            await page.Mouse.UpAsync();
            await _api.WaitForMotionAsync("Linus", "stop");
        }
        finally
        {
            await _api.ResetAsync();
        }
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task ClosingThePageWhileHolding_StopsTheRobot()
    {
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true);
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/");
            await ConsolePages.PressAndHoldAsync(page, ConsolePages.Button(page, "Torvalds left"));
            await _api.WaitForMotionAsync("Torvalds", "left");
            var stopsBefore = await _api.StopsAsync("Torvalds");

            await page.CloseAsync();

            // No mouse-up ever arrives: the page's own last stop (sent with keepalive on pagehide) ends the motion. The
            // deadman would stop the robot too, so the stop command itself is what is checked.
            await Eventually.True(async () => await _api.StopsAsync("Torvalds") > stopsBefore, "the closing page sent a stop");
            await _api.WaitForMotionAsync("Torvalds", "stop");
        }
        finally
        {
            await _api.ResetAsync();
        }
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task Keyboard_WDrivesLinus_IDrivesTorvalds_KeyUpStops()
    {
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true);
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/");

            await page.Keyboard.DownAsync("w");
            await _api.WaitForMotionAsync("Linus", "forward");
            await page.Keyboard.UpAsync("w");
            await _api.WaitForMotionAsync("Linus", "stop");

            await page.Keyboard.DownAsync("i");
            await _api.WaitForMotionAsync("Torvalds", "forward");
            await page.Keyboard.UpAsync("i");
            await _api.WaitForMotionAsync("Torvalds", "stop");
        }
        finally
        {
            await _api.ResetAsync();
        }
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task Space_StopsEveryRobot()
    {
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true);
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/");
            await page.Keyboard.DownAsync("ArrowLeft");
            await page.Keyboard.DownAsync("j");
            await _api.WaitForMotionAsync("Linus", "left");
            await _api.WaitForMotionAsync("Torvalds", "left");
            var stopsBefore = (Linus: await _api.StopsAsync("Linus"), Torvalds: await _api.StopsAsync("Torvalds"));

            await page.Keyboard.PressAsync(" ");

            // Both keys are still down: only Space's stops can have stopped them.
            await _api.WaitForMotionAsync("Linus", "stop");
            await _api.WaitForMotionAsync("Torvalds", "stop");
            Assert.True(await _api.StopsAsync("Linus") > stopsBefore.Linus);
            Assert.True(await _api.StopsAsync("Torvalds") > stopsBefore.Torvalds);
            // "Last command" says both were stopped (it read only "stop Torvalds").
            await Expect(page.Locator("#rtt")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^stop every robot \(Linus, Torvalds\): \d+ ms$"));
        }
        finally
        {
            await page.Keyboard.UpAsync("j");
            await page.Keyboard.UpAsync("ArrowLeft");
            await _api.ResetAsync();
        }
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task ServoSlider_MovesTheServo()
    {
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true);
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/");

            await page.GetByLabel("Servo 1", new() { Exact = true }).FillAsync("45");

            await _api.WaitForRobotAsync("Linus",
                state => state.GetProperty("servos")[0].GetProperty("angle") is { ValueKind: System.Text.Json.JsonValueKind.Number } angle
                         && angle.GetDouble() == 45,
                "servo 1 at 45°");
            await Expect(ConsolePages.Card(page, "Linus").Locator("[data-servo-angle='0']")).ToHaveTextAsync("45°");
        }
        finally
        {
            await _api.ResetAsync();
        }
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task EmergencyStop_LatchesAndReleases()
    {
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true);
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/");

            var estop = ConsolePages.Button(page, "Emergency stop");
            var forward = ConsolePages.Button(page, "Linus forward");
            var card = ConsolePages.Card(page, "Linus");
            await Expect(estop).ToHaveAttributeAsync("aria-pressed", "false");

            await estop.ClickAsync();
            await _api.WaitForEmergencyStopAsync(latched: true);
            await Expect(page.Locator("#banner-estop")).ToBeVisibleAsync();

            // While latched: the button shows it, the motion controls are off and say why, stop and eye stay usable.
            await Expect(estop).ToHaveAttributeAsync("aria-pressed", "true");
            await Expect(page.Locator("#estop-state")).ToContainTextAsync("Latched");
            await Expect(forward).ToBeDisabledAsync();
            await Expect(card.Locator("[data-field=blocked]")).ToContainTextAsync("Emergency stop latched");
            await Expect(ConsolePages.Button(page, "Stop Linus")).ToBeEnabledAsync();
            await Expect(ConsolePages.Button(page, "Linus eye blink")).ToBeEnabledAsync();
            await Expect(estop).ToBeEnabledAsync();

            // A drive that left before the page heard of the latch (simulated by re-enabling the button) is refused,
            // and the page says why...
            await forward.EvaluateAsync("button => { button.disabled = false; button.closest('[data-robot-card]').dataset.blocked = ''; }");
            await ConsolePages.PressAndHoldAsync(page, forward);
            await page.Mouse.UpAsync();
            await Expect(card.Locator("[data-field=message]")).ToContainTextAsync("Emergency stop");

            await ConsolePages.Button(page, "Release e-stop").ClickAsync();
            await _api.WaitForEmergencyStopAsync(latched: false);
            await Expect(page.Locator("#banner-estop")).ToBeHiddenAsync();

            // ...until its cause is gone.
            await Expect(card.Locator("[data-field=message]")).ToBeEmptyAsync();
            await Expect(forward).ToBeEnabledAsync();
            await Expect(card.Locator("[data-field=blocked]")).ToBeEmptyAsync();
            await Expect(estop).ToHaveAttributeAsync("aria-pressed", "false");
        }
        finally
        {
            await _api.ResetAsync();
        }
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task ASecondBrowser_SeesTheFirstOnesCommandLive()
    {
        await using var operatorContext = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true);
        await using var viewerContext = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: false);
        var operatorPage = await operatorContext.NewPageAsync();
        var viewerPage = await viewerContext.NewPageAsync();
        try
        {
            await operatorPage.GotoAsync("/");
            await viewerPage.GotoAsync("/");
            var viewerEye = ConsolePages.Card(viewerPage, "Torvalds").Locator("[data-field=eye]");
            await Expect(viewerEye).ToHaveTextAsync("off");

            await ConsolePages.Button(operatorPage, "Torvalds eye blink").ClickAsync();

            await Expect(viewerEye).ToHaveTextAsync("blink");
            await Expect(ConsolePages.Button(operatorPage, "Torvalds eye blink")).ToHaveAttributeAsync("aria-pressed", "true");
        }
        finally
        {
            await _api.ResetAsync();
        }
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task AnAnonymousVisitor_SeesNoControls_AndForgedPostsAreRefused()
    {
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: false);
        var page = await context.NewPageAsync();
        try
        {
            var before = await _api.RobotAsync("Linus");
            await page.GotoAsync("/");

            await Expect(ConsolePages.Card(page, "Linus").Locator("[data-field=motion]")).ToBeVisibleAsync();
            await Expect(page.Locator("button[data-direction]")).ToHaveCountAsync(0);
            await Expect(page.Locator("form[data-command]")).ToHaveCountAsync(0);
            await Expect(page.Locator("meta[name=request-verification-token]")).ToHaveCountAsync(0);

            // A cross-site page could only send these blind: no session cookie, no antiforgery token.
            var forged = new (string Path, string? Json)[]
            {
                ("/control/Linus/drive", """{"direction":"forward"}"""),
                ("/control/Linus/eye", """{"state":"on"}"""),
                ("/control/Linus/servos/0", """{"angle":30}"""),
                ("/control/estop", null),
                ("/?handler=Nudge", null),
                ("/?handler=EmergencyStop", null),
            };
            foreach (var (path, json) in forged)
            {
                var response = json is null
                    ? await context.APIRequest.PostAsync(path, new() { Form = context.APIRequest.CreateFormData().Set("robot", "Linus").Set("direction", "forward"), MaxRedirects = 0 })
                    : await context.APIRequest.PostAsync(path, new() { DataString = json, Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" }, MaxRedirects = 0 });
                Assert.True(response.Status is 400 or 401 or 403, $"POST {path} answered {response.Status}");
            }

            var after = await _api.RobotAsync("Linus");
            Assert.Equal("stop", after.GetProperty("motion").GetString());
            Assert.Equal(before.GetProperty("eye").GetString(), after.GetProperty("eye").GetString());
            Assert.False(await _api.EmergencyStopLatchedAsync());
        }
        finally
        {
            await _api.ResetAsync();
        }
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task WithoutJavaScript_FormPostsCommandTheRobots()
    {
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true, javaScript: false);
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/");

            await ConsolePages.Button(page, "Linus eye: hold to light").ClickAsync();
            await _api.WaitForRobotAsync("Linus", state => state.GetProperty("eye").GetString() == "on", "eye=on");
            await Expect(page.Locator(".status")).ToContainTextAsync("Linus: eye on.");

            await ConsolePages.Button(page, "Stop Linus").ClickAsync();
            await Expect(page.Locator(".status")).ToContainTextAsync("Linus: stop sent.");
            await _api.WaitForMotionAsync("Linus", "stop");

            await ConsolePages.Button(page, "Emergency stop").ClickAsync();
            await _api.WaitForEmergencyStopAsync(latched: true);
            await Expect(page.Locator("#banner-estop")).ToBeVisibleAsync();

            await ConsolePages.Button(page, "Release e-stop").ClickAsync();
            await _api.WaitForEmergencyStopAsync(latched: false);
            await Expect(page.Locator(".status")).ToContainTextAsync("Emergency stop released.");
        }
        finally
        {
            await _api.ResetAsync();
        }
    }
}
