using System.Collections.Concurrent;
using System.Text.Json;
using DualRobot.Api.Diagnostics;
using DualRobot.Tests.AppHost;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// The console's feedback is always true (issue 13, point 5), in a real Chromium against the AppHost. Where a test needs
/// an answer the api would give only by chance (a hung call), the page's own requests are intercepted at <c>/control</c>.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
[Collection(AppHostCollection.Name)]
public sealed class ConsoleFeedbackBrowserTests(AppHostFixture fixture, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private readonly ApiState _api = new(fixture);

    [RequiresToolFact(Tools.Chromium)]
    public async Task FocusedSlider_TakesOnlyItsOwnArrowKeys_AndDriveKeysStillDrive()
    {
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true);
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/");
            var speed = ConsolePages.Card(page, "Linus").GetByLabel("Speed", new() { Exact = true });
            await speed.FocusAsync();
            var before = int.Parse(await speed.InputValueAsync(), System.Globalization.CultureInfo.InvariantCulture);
            var drivesBefore = await DrivesAsync("Linus");

            // ArrowLeft is also Linus's "left" key: with the slider focused it only moves the slider.
            await page.Keyboard.PressAsync("ArrowLeft");
            await Expect(speed).ToHaveValueAsync((before - 5).ToString(System.Globalization.CultureInfo.InvariantCulture));

            // W is not the slider's: it drives, focus or not.
            await page.Keyboard.DownAsync("w");
            await _api.WaitForMotionAsync("Linus", "forward");
            await page.Keyboard.UpAsync("w");
            await _api.WaitForMotionAsync("Linus", "stop");

            // Commands leave in order, so once W's stop is in, a drive from ArrowLeft would have been counted.
            Assert.Equal(drivesBefore + 1, await DrivesAsync("Linus"));
            await Expect(speed).ToBeFocusedAsync();
        }
        finally
        {
            await _api.ResetAsync();
        }
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task EnterAndSpace_OnAFocusedSlider_DriveNothing()
    {
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true);
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/");
            await Expect(ConsolePages.Card(page, "Linus").Locator("[data-field=connection]")).ToHaveTextAsync("connected");
            var drivesBefore = await DrivesAsync("Linus");
            foreach (var label in new[] { "Speed", "Servo 1" })
            {
                var slider = ConsolePages.Card(page, "Linus").GetByLabel(label, new() { Exact = true });
                await slider.FocusAsync();
                // Before, Enter submitted the card's form through its first button, "forward": a 500 ms drive.
                await page.Keyboard.PressAsync("Enter");
                // Space stops every robot, as everywhere on the page; it drives nothing.
                await page.Keyboard.PressAsync(" ");
                await Expect(slider).ToBeFocusedAsync();
            }

            // Commands leave in order: once W's stop is in, a drive from either key would have been counted.
            await page.Keyboard.DownAsync("w");
            await _api.WaitForMotionAsync("Linus", "forward");
            await page.Keyboard.UpAsync("w");
            await _api.WaitForMotionAsync("Linus", "stop");
            Assert.Equal(drivesBefore + 1, await DrivesAsync("Linus"));
        }
        finally
        {
            await _api.ResetAsync();
        }
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task SpeedAndServoSliders_FollowTheRobot_InEveryTab_AndZeroDegreesCanBeSent()
    {
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true);
        var driver = await context.NewPageAsync();
        var other = await context.NewPageAsync();
        try
        {
            await driver.GotoAsync("/");
            await other.GotoAsync("/");

            // One tab drives at 50 %: the other tab's slider and card follow, so its next drive goes out at 50 % too.
            await ConsolePages.Card(driver, "Linus").GetByLabel("Speed", new() { Exact = true }).FillAsync("50");
            await ConsolePages.PressAndHoldAsync(driver, ConsolePages.Button(driver, "Linus forward"));
            // The drive went out at 50 % (the state keeps its speed after the stop: on a loaded machine the motion
            // itself may be over before a poll sees it).
            await _api.WaitForRobotAsync("Linus", state => state.GetProperty("speed") is { ValueKind: JsonValueKind.Number } speed && speed.GetDouble() == 0.5, "driven at 50 %");
            await driver.Mouse.UpAsync();
            await _api.WaitForMotionAsync("Linus", "stop");
            await Expect(ConsolePages.Card(other, "Linus").GetByLabel("Speed", new() { Exact = true })).ToHaveValueAsync("50");
            await Expect(ConsolePages.Card(other, "Linus").Locator("[data-field=speed]")).ToHaveTextAsync("50 %");
            await Expect(ConsolePages.Card(driver, "Linus").Locator("[data-field=speed]")).ToHaveTextAsync("50 %");

            // A servo moved elsewhere moves both tabs' sliders.
            await _api.SetServoAsync("Linus", 0, 30);
            foreach (var page in new[] { driver, other })
            {
                await Expect(page.GetByLabel("Servo 1", new() { Exact = true })).ToHaveValueAsync("30");
                await Expect(ConsolePages.Card(page, "Linus").Locator("[data-servo-angle='0']")).ToHaveTextAsync("30°");
            }

            // 0° is an angle like any other.
            await other.GetByLabel("Servo 1", new() { Exact = true }).FillAsync("0");
            await _api.WaitForRobotAsync("Linus", state => state.GetProperty("servos")[0].GetProperty("angle").GetDouble() == 0, "servo 1 at 0°");
            await Expect(ConsolePages.Card(driver, "Linus").Locator("[data-servo-angle='0']")).ToHaveTextAsync("0°");
        }
        finally
        {
            await _api.ResetAsync();
        }
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task ACommandInFlight_ShowsOnItsControl_AndItsRoundTripIsShown()
    {
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true);
        var page = await context.NewPageAsync();
        var answer = new TaskCompletionSource();
        try
        {
            await page.RouteAsync("**/control/Linus/eye", async route =>
            {
                await answer.Task;
                await route.ContinueAsync();
            });
            await page.GotoAsync("/");
            var blink = ConsolePages.Button(page, "Linus eye blink");

            await blink.ClickAsync();
            await Expect(blink).ToHaveAttributeAsync("aria-busy", "true");

            answer.SetResult();
            await Expect(blink).Not.ToHaveAttributeAsync("aria-busy", "true");
            await Expect(blink).ToHaveAttributeAsync("aria-pressed", "true");
            await Expect(page.Locator("#rtt")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^eye Linus: \d+ ms$"));
        }
        finally
        {
            answer.TrySetResult();
            await _api.ResetAsync();
        }
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task Heartbeats_NeverOverlap_AnUnansweredOneIsNotJoinedByMore()
    {
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true);
        var page = await context.NewPageAsync();
        try
        {
            // Heartbeats get no answer; the page's clock is scripted, so "many renewal periods" is exact.
            var commands = await CommandSocketTap.AttachAsync(page);
            commands.Rule = command => command is { Command: "heartbeat", Robot: "Linus" }
                ? CommandSocketTap.Verdict.Unanswered
                : CommandSocketTap.Verdict.Forward;
            await page.Clock.InstallAsync();
            await page.GotoAsync("/");
            await ConsolePages.CommandSocketOpenAsync(page);
            // An installed clock still flows with real time; paused, it moves only when the test says so.
            await page.Clock.PauseAtAsync(DateTime.UtcNow.AddMinutes(10));

            var forward = ConsolePages.Button(page, "Linus forward");
            await ConsolePages.PressAndHoldAsync(page, forward);
            await Eventually.True(() => commands.Answers.Any(answer => answer.Command is { Command: "drive", Robot: "Linus" }), "the drive was answered");
            await Expect(forward).Not.ToHaveAttributeAsync("aria-busy", "true");

            // One renewal period and a bit: the first heartbeat leaves (and gets no answer).
            await page.Clock.RunForAsync(200);
            await Eventually.True(() => commands.Sent.Any(command => command.Command == "heartbeat"), "the first heartbeat left");

            // Four more renewal periods, together shorter than the page's command timeout: no second heartbeat.
            await page.Clock.RunForAsync(600);
            await page.Mouse.UpAsync();
            await Eventually.True(() => commands.Sent.Any(command => command.IsStop), "the release's stop left");
            await _api.WaitForMotionAsync("Linus", "stop");
            Assert.Single(commands.Sent, command => command.Command == "heartbeat");
        }
        finally
        {
            await _api.ResetAsync();
        }
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task AStaleCommandRefusal_IsShown_AndTheReleaseStillStops()
    {
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true);
        var page = await context.NewPageAsync();
        try
        {
            // The api's answer to a command that reached it after the console's deadline (X-Command-Deadline).
            var commands = await CommandSocketTap.AttachAsync(page);
            commands.Rule = command => command is { Command: "drive", Robot: "Torvalds", IsStop: false }
                ? CommandSocketTap.Verdict.Answer(409, """{"type":"https://dualrobot.dev/problems/stale-command","title":"Stale command","status":409,"detail":"It arrived after its deadline; it was not applied."}""")
                : CommandSocketTap.Verdict.Forward;
            await page.GotoAsync("/");
            await ConsolePages.CommandSocketOpenAsync(page);

            await ConsolePages.PressAndHoldAsync(page, ConsolePages.Button(page, "Torvalds backward"));
            var message = ConsolePages.Card(page, "Torvalds").Locator("[data-field=message]");
            await Expect(message).ToContainTextAsync("Stale command: It arrived after its deadline");
            await page.Mouse.UpAsync();

            await Eventually.True(() => commands.Sent.Any(command => command is { Robot: "Torvalds", IsStop: true }), "the release sent a stop");
            await Expect(message).ToContainTextAsync("Stale command"); // a stop that worked leaves the reason on screen
        }
        finally
        {
            await _api.ResetAsync();
        }
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task ACommandNobodyAnswers_FailsOnThePage_WithinTheCommandTimeout()
    {
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true);
        var page = await context.NewPageAsync();
        try
        {
            // The console (or the api behind it) hangs: the page gives up on its own and says so.
            await page.RouteAsync("**/control/Torvalds/eye", _ => Task.CompletedTask);
            await page.GotoAsync("/");

            await ConsolePages.Button(page, "Torvalds eye blink").ClickAsync();

            await Expect(ConsolePages.Card(page, "Torvalds").Locator("[data-field=message]")).ToContainTextAsync("No answer within 1 s");
            await Expect(page.Locator("#rtt")).ToHaveTextAsync("eye Torvalds: no answer");
            await Expect(ConsolePages.Button(page, "Torvalds eye blink")).Not.ToHaveAttributeAsync("aria-busy", "true");
        }
        finally
        {
            await _api.ResetAsync();
        }
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task Banners_NeverMoveAControl()
    {
        foreach (var phone in new[] { false, true })
        {
            await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true, phone: phone);
            var page = await context.NewPageAsync();
            try
            {
                await page.GotoAsync("/");
                // A phone shows the selected robot's card only (Linus's, at first).
                var controls = new[]
                {
                    ConsolePages.Button(page, "Emergency stop"), ConsolePages.Button(page, "Linus forward"),
                    ConsolePages.Button(page, "Stop Linus"), ConsolePages.Button(page, phone ? "Linus backward" : "Torvalds forward"),
                };
                var before = await BoxesAsync(controls);

                await _api.EmergencyStopAsync();
                await Expect(page.Locator("#banner-estop")).ToBeVisibleAsync();
                await Expect(ConsolePages.Card(page, "Linus").Locator("[data-field=blocked]")).Not.ToBeEmptyAsync();

                Assert.Equal(before, await BoxesAsync(controls));
            }
            finally
            {
                await _api.ResetAsync();
            }
        }
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task OnAPhone_TheReasonShowsNextToTheControl_WithoutKeyboardHints()
    {
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true, phone: true);
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/");
            await Expect(page.Locator(".keys-hint").First).ToBeHiddenAsync();
            Assert.Equal(0, await page.Locator(".keys-hint:visible").CountAsync());
            await Expect(ConsolePages.Button(page, "Linus joystick: drag to drive, let go to stop")).ToBeVisibleAsync();

            await _api.EmergencyStopAsync();
            var card = ConsolePages.Card(page, "Linus");
            var forward = ConsolePages.Button(page, "Linus forward");
            await forward.ScrollIntoViewIfNeededAsync();
            var reason = card.Locator("[data-field=blocked]");
            await Expect(reason).ToContainTextAsync("Emergency stop latched");

            // Seen with the D-pad: on screen, right below it.
            await Expect(reason).ToBeInViewportAsync();
            var dpad = await card.Locator(".dpad").BoundingBoxAsync();
            var text = await reason.BoundingBoxAsync();
            Assert.NotNull(dpad);
            Assert.NotNull(text);
            Assert.InRange(text.Y - (dpad.Y + dpad.Height), 0, 200);
        }
        finally
        {
            await _api.ResetAsync();
        }
    }

    private Task<double> DrivesAsync(string robot) =>
        _api.MetricAsync(RobotMetrics.CommandsTotal, $"robot=\"{robot}\",action=\"drive\",outcome=\"accepted\"");

    private static async Task<string> BoxesAsync(IEnumerable<ILocator> controls)
    {
        var boxes = new List<string>();
        foreach (var control in controls)
        {
            var box = await control.BoundingBoxAsync();
            boxes.Add(box is null ? "none" : JsonSerializer.Serialize(new { box.X, box.Y, box.Width, box.Height }));
        }

        return string.Join("; ", boxes);
    }
}
