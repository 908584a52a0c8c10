using DualRobot.Api.Robots;
using DualRobot.Frontend.Operators;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// Both (issue 33): an operator in Chromium chooses Both and the keys drive the api's group <c>all</c> — every robot
/// moves while the key is held and stops when it is let go, mirror turns the two opposite ways, a member someone
/// else holds refuses the whole command (nothing moves) and the cards name it. What is checked is what the robots do
/// in the api. The console and the api run in this process, the console on loopback; the docs' screenshot of Both is
/// taken here.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class DriveBothBrowserTests(ConsoleWithApiOverHttp console, BrowserFixture browser)
    : IClassFixture<ConsoleWithApiOverHttp>, IClassFixture<BrowserFixture>
{
    private static readonly string[] Robots = ["Linus", "Torvalds"];

    private static readonly string Screenshots = RepositoryPaths.Combine("DualRobot.Frontend", "Screenshots");

    [RequiresToolFact(Tools.Chromium)]
    public Task Both_HoldingW_MovesBothRobots_TheCardsNameTheDriver_AndLettingGoStopsBoth() =>
        InBothAsync("together", async page =>
        {
            var start = Robots.ToDictionary(robot => robot, robot => console.Api.Robot(robot).GetState().Pose);

            await page.Keyboard.DownAsync("w");
            foreach (var robot in Robots)
            {
                await Eventually.True(() => console.Api.Robot(robot).GetState() is { Motion: Direction.Forward } state && Distance(state.Pose, start[robot]) > 0.05,
                    $"holding W in Both drives {robot} forward");
                await Expect(Driver(page, robot)).ToHaveTextAsync(ConsoleWithApi.Users[OperatorRoles.Supervisor]);
            }

            Directory.CreateDirectory(Screenshots);
            await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "console-both.png") });

            await page.Keyboard.UpAsync("w");
            await AllStoppedAsync("letting W go");
        });

    [RequiresToolFact(Tools.Chromium)]
    public Task Both_InMirror_AnArc_TurnsTheTwoRobotsOppositeWays() =>
        InBothAsync("mirror", async page =>
        {
            var linus = console.Api.Robot("Linus").GetState().Pose.Heading;
            var torvalds = console.Api.Robot("Torvalds").GetState().Pose.Heading;

            // W+A: forward and counter-clockwise for the first member, clockwise for its mirror image.
            await page.Keyboard.DownAsync("w");
            await page.Keyboard.DownAsync("a");
            await Eventually.True(
                () => Task.FromResult(Turned(console.Api.Robot("Linus").GetState().Pose.Heading, linus) > 0.1
                    && Turned(console.Api.Robot("Torvalds").GetState().Pose.Heading, torvalds) < -0.1),
                () => $"Linus turns left, Torvalds right; turned {Turned(console.Api.Robot("Linus").GetState().Pose.Heading, linus):0.00} and {Turned(console.Api.Robot("Torvalds").GetState().Pose.Heading, torvalds):0.00} rad");

            await page.Keyboard.UpAsync("a");
            await page.Keyboard.UpAsync("w");
            await AllStoppedAsync("letting go");
        });

    [RequiresToolFact(Tools.Chromium)]
    public Task Both_WithAMemberHeldBySomeoneElse_MovesNothing_AndTheCardsNameTheMemberAndTheReason() =>
        InBothAsync("together", async page =>
        {
            var otto = ConsoleWithApi.Users[OperatorRoles.Operator];
            Assert.True((await console.Api.Robot("Torvalds").TakeControlAsync(otto, immediate: true)).IsAccepted);
            var pins = console.Api.TotalPinChanges;

            await page.Keyboard.DownAsync("w");
            foreach (var robot in Robots)
            {
                var message = ConsolePages.Card(page, robot).Locator("[data-field=message]");
                await Expect(message).ToContainTextAsync("robot 'Torvalds' refused");
                await Expect(message).ToContainTextAsync($"in use by {otto}");
            }

            await page.Keyboard.UpAsync("w");
            Assert.Equal(Direction.Stop, console.Api.Robot("Linus").GetState().Motion);
            Assert.Equal(pins, console.Api.TotalPinChanges);
        });

    [RequiresToolFact(Tools.Chromium)]
    public Task OnAPhone_BothInTheSwitcher_ShowsBothCards_AnyCardsStickAndKeysDriveBoth_AndChoosingOneRobotStopsBoth() =>
        InBothAsync("together", async page =>
        {
            await Expect(ConsolePages.Card(page, "Torvalds")).ToBeVisibleAsync();

            // Torvalds's stick pushed straight up drives both; lifting the finger stops both.
            var stick = ConsolePages.Button(page, "Torvalds joystick: drag to drive, let go to stop");
            await stick.ScrollIntoViewIfNeededAsync();
            var box = await stick.BoundingBoxAsync();
            Assert.NotNull(box);
            var (x, y) = (box.X + (box.Width / 2), box.Y + (box.Height / 2));
            await page.Mouse.MoveAsync(x, y);
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(x, y - (box.Height / 2), new() { Steps = 4 });
            foreach (var robot in Robots)
            {
                await Eventually.True(() => console.Api.Robot(robot).GetState().Motion == Direction.Velocity, $"Torvalds's stick in Both drives {robot}");
            }

            await page.Mouse.UpAsync();
            await AllStoppedAsync("lifting the finger off the stick");

            // Torvalds's keys drive the group: Linus moves too.
            await page.Keyboard.DownAsync("i");
            foreach (var robot in Robots)
            {
                await Eventually.True(() => console.Api.Robot(robot).GetState().Motion == Direction.Forward, $"holding I in Both drives {robot} forward");
            }

            // One robot chosen while the key is still down: the group's hold ends with its stop.
            await page.Locator(".robot-switcher [data-select-robot=Linus]").TapAsync();
            await AllStoppedAsync("choosing Linus alone");
            await Expect(ConsolePages.Card(page, "Torvalds")).ToBeHiddenAsync();
            await page.Keyboard.UpAsync("i");
        }, phone: true);

    [RequiresToolFact(Tools.Chromium)]
    public Task Both_TheFirstGamepadDrivesBoth_ASecondNone_AndLettingGoOfItsEnableButtonStopsBoth() =>
        InBothAsync("together", async page =>
        {
            await page.EvaluateAsync("() => { window.__pad(0, 'Scripted pad A'); window.__pad(1, 'Scripted pad B'); }");
            await Expect(page.Locator("#gamepads [data-pad='1']")).ToHaveTextAsync("Pad 1 (Scripted pad A) drives both (together)");
            await Expect(page.Locator("#gamepads [data-pad='2']")).ToHaveTextAsync("Pad 2 (Scripted pad B) drives no robot");

            await ScriptedGamepads.DriveForwardAsync(page, 0);
            foreach (var robot in Robots)
            {
                await Eventually.True(() => console.Api.Robot(robot).GetState().Motion == Direction.Velocity, $"pad 1 in Both drives {robot}");
            }

            await page.EvaluateAsync("() => { window.__pads[0].buttons[4].pressed = false; }");
            await AllStoppedAsync("letting go of LB");
        }, prepare: ScriptedGamepads.InstallAsync);

    /// <summary>
    /// A supervisor's console with Both chosen, in a mode (every card framed as driven), the robots free and stopped
    /// before and after: on a laptop Both is beside the arena, on a phone in the robot switcher.
    /// </summary>
    private async Task InBothAsync(string mode, Func<IPage, Task> drive, bool phone = false, Func<IBrowserContext, Task>? prepare = null)
    {
        await ResetAsync();
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = console.Address!.ToString().TrimEnd('/'),
            ViewportSize = phone ? BrowserFixture.Phone : new ViewportSize { Width = 1280, Height = 800 },
            HasTouch = phone,
            IsMobile = phone,
        });
        try
        {
            if (prepare is not null)
            {
                await prepare(context);
            }

            var page = await context.NewPageAsync();
            await ConsolePages.SignInAsync(page, ConsoleWithApi.Users[OperatorRoles.Supervisor], ConsoleWithApi.Password);
            await page.GotoAsync("/");
            await Expect(page.Locator(".arena-label")).ToHaveCountAsync(2);
            await ChooseBothAsync(page, mode, phone ? page.Locator(".robot-switcher [data-select-both]") : ConsolePages.Button(page, "Drive both"));
            await drive(page);
        }
        finally
        {
            await ResetAsync();
        }
    }

    private static async Task ChooseBothAsync(IPage page, string mode, ILocator both)
    {
        await both.ClickAsync();
        await Expect(both).ToHaveAttributeAsync("aria-pressed", "true");
        await page.Locator("#both-mode").SelectOptionAsync(mode);
        foreach (var robot in Robots)
        {
            await Expect(ConsolePages.Card(page, robot)).ToHaveAttributeAsync("data-selected", "true");
        }
    }

    private async Task AllStoppedAsync(string what)
    {
        foreach (var robot in Robots)
        {
            await Eventually.True(() => console.Api.Robot(robot).GetState().Motion == Direction.Stop, $"{what} stops {robot}");
        }
    }

    private async Task ResetAsync()
    {
        foreach (var robot in Robots)
        {
            var fleet = console.Api.Robot(robot);
            await fleet.StopAsync();
            foreach (var user in ConsoleWithApi.Users.Values)
            {
                fleet.ReleaseControl(user);
            }
        }
    }

    private static ILocator Driver(IPage page, string robot) =>
        ConsolePages.Card(page, robot).Locator(".driver-line [data-field=driver]");

    private static double Distance(Pose a, Pose b) => Math.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)));

    /// <summary>How far a heading turned from another, counter-clockwise positive, within ±π.</summary>
    private static double Turned(double heading, double from) => Math.IEEERemainder(heading - from, 2 * Math.PI);
}
