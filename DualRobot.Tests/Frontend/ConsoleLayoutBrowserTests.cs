using DualRobot.Frontend.Operators;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// The console as a cockpit (issue 27), in Chromium at each layout's viewport: without scrolling, the arena, the
/// emergency stop and the selected robot's drive controls are all on screen (on a wide screen every robot control is),
/// the robots' labels in the arena do not overlap at their start poses, and a marker is at least 20 px. Each layout's
/// screenshot for the docs is taken here. The console and the api run in this process, the console on loopback.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class ConsoleLayoutBrowserTests(ConsoleWithApiOverHttp console, BrowserFixture browser)
    : IClassFixture<ConsoleWithApiOverHttp>, IClassFixture<BrowserFixture>
{
    /// <summary>Where the docs' screenshots of the layouts are written.</summary>
    private static readonly string Screenshots = RepositoryPaths.Combine("DualRobot.Frontend", "Screenshots");

    // Each robot's colour in the arena (arena.js), and the bounding box of the pixels drawn in that colour at least half
    // covered: the marker (its selection ring is drawn fainter, and at the start poses there is no trail). Width,
    // height and centre, in CSS pixels of the canvas.
    private const string MarkerBox = """
        ([r, g, b]) => {
          const canvas = document.getElementById('arena');
          const ratio = window.devicePixelRatio || 1;
          const { data, width, height } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
          let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
          for (let y = 0; y < height; y++) {
            for (let x = 0; x < width; x++) {
              const i = (y * width + x) * 4;
              if (Math.abs(data[i] - r) <= 8 && Math.abs(data[i + 1] - g) <= 8 && Math.abs(data[i + 2] - b) <= 8 && data[i + 3] >= 128) {
                minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
              }
            }
          }
          return minX === Infinity
            ? [0, 0, NaN, NaN]
            : [(maxX - minX + 1) / ratio, (maxY - minY + 1) / ratio, (minX + maxX + 1) / 2 / ratio, (minY + maxY + 1) / 2 / ratio];
        }
        """;

    private static readonly Dictionary<string, int[]> Colours = new()
    {
        ["Linus"] = [0x2e, 0x7d, 0x32],
        ["Torvalds"] = [0xc6, 0x28, 0x28],
    };

    public static TheoryData<string, int, int, bool> Layouts => new()
    {
        { "laptop", 1280, 800, false },
        { "laptop-wide", 1366, 768, false },
        { "phone", 390, 844, true },
        { "phone-small", 360, 740, true },
        { "phone-landscape", 844, 390, true },
    };

    [RequiresToolTheory(Tools.Chromium)]
    [MemberData(nameof(Layouts))]
    public async Task TheArena_TheEmergencyStop_AndTheSelectedRobotsDriveControls_AreOnTheFirstScreen(string name, int width, int height, bool phone)
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = console.Address!.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            HasTouch = phone,
            IsMobile = phone,
        });
        var page = await context.NewPageAsync();
        await ConsolePages.SignInAsync(page, ConsoleWithApi.Users[OperatorRoles.Supervisor], ConsoleWithApi.Password);
        await page.GotoAsync("/");
        await Expect(ConsolePages.Card(page, "Linus").Locator("[data-field=connection]")).ToHaveTextAsync("connected");
        await Expect(page.Locator(".arena-label")).ToHaveCountAsync(2);
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, $"console-{name}-{width}x{height}.png") });

        // All of it without scrolling.
        Assert.Equal(0, await page.EvaluateAsync<double>("() => window.scrollY"));
        await Expect(page.Locator("#arena")).ToBeInViewportAsync(new() { Ratio = 1 });
        await Expect(ConsolePages.Button(page, "Emergency stop")).ToBeInViewportAsync(new() { Ratio = 1 });
        await DriveControlsOnScreenAsync(page, "Linus", phone);
        if (phone)
        {
            // The switcher shows the other robot's controls in the same place.
            var switchToTorvalds = page.GetByRole(AriaRole.Button, new() { Name = "Torvalds", Exact = true });
            await switchToTorvalds.ClickAsync();
            await Expect(switchToTorvalds).ToHaveAttributeAsync("aria-pressed", "true");
            await Expect(ConsolePages.Card(page, "Torvalds")).ToHaveAttributeAsync("data-selected", "true");
            await Expect(ConsolePages.Card(page, "Linus")).ToBeHiddenAsync();
            await DriveControlsOnScreenAsync(page, "Torvalds", phone);
            await page.GetByRole(AriaRole.Button, new() { Name = "Linus", Exact = true }).ClickAsync();
            await DriveControlsOnScreenAsync(page, "Linus", phone);
        }
        else
        {
            // No control below the fold: every control on both cards is on screen, and the arena's own.
            foreach (var robot in Colours.Keys)
            {
                await Expect(ConsolePages.Button(page, $"Reset {robot} pose")).ToBeInViewportAsync(new() { Ratio = 1 });
                var controls = ConsolePages.Card(page, robot).Locator("button:visible, input:visible, select:visible");
                Assert.True(await controls.CountAsync() > 5, $"{robot}'s card has its controls");
                for (var i = 0; i < await controls.CountAsync(); i++)
                {
                    await Expect(controls.Nth(i)).ToBeInViewportAsync(new() { Ratio = 1 });
                }
            }
        }

        // Both robots at their start poses: labels apart, markers big enough to see.
        var first = await page.Locator(".arena-label[data-robot=Linus]").BoundingBoxAsync();
        var second = await page.Locator(".arena-label[data-robot=Torvalds]").BoundingBoxAsync();
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.False(Intersect(first, second), $"the labels overlap: Linus {Describe(first)}, Torvalds {Describe(second)}");
        foreach (var (robot, colour) in Colours)
        {
            var box = await page.EvaluateAsync<double[]>(MarkerBox, colour);
            Assert.True(Math.Max(box[0], box[1]) >= 20, $"{robot}'s marker is {box[0]}×{box[1]} px");
        }

    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task TheArena_ZoomsAboutThePointer_PansWithADrag_FollowsTheSelectedRobot_AndFitsAgain()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = console.Address!.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        var page = await context.NewPageAsync();
        await ConsolePages.SignInAsync(page, ConsoleWithApi.Users[OperatorRoles.Supervisor], ConsoleWithApi.Password);
        await page.GotoAsync("/");
        await Expect(page.Locator(".arena-label")).ToHaveCountAsync(2);
        var fitButton = page.Locator("#arena-fit");
        await Expect(fitButton).ToBeHiddenAsync();
        var canvas = await page.Locator("#arena").BoundingBoxAsync();
        Assert.NotNull(canvas);
        var (centreX, centreY) = (canvas.X + canvas.Width / 2, canvas.Y + canvas.Height / 2);
        var fitted = await LinusMarkerAsync(page);

        // The wheel zooms in about the pointer: the marker grows, true to size, and the labels still keep apart.
        await page.Mouse.MoveAsync((float)centreX, (float)centreY);
        await page.Mouse.WheelAsync(0, -600);
        await Expect(fitButton).ToBeVisibleAsync();
        await Eventually.True(async () => (await LinusMarkerAsync(page))[0] > fitted[0] * 1.5, "Linus's marker grows as the view zooms in");
        Assert.False(Intersect(
            (await page.Locator(".arena-label[data-robot=Linus]").BoundingBoxAsync())!,
            (await page.Locator(".arena-label[data-robot=Torvalds]").BoundingBoxAsync())!), "the labels overlap when zoomed in");

        // A drag pans: the robot moves with the pointer.
        var before = await LinusMarkerAsync(page);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync((float)centreX + 60, (float)centreY, new() { Steps = 4 });
        await page.Mouse.UpAsync();
        await Eventually.True(async () => Math.Abs((await LinusMarkerAsync(page))[2] - before[2] - 60) < 3, "Linus is drawn 60 px further right");

        // A double-click follows the selected robot (Linus, at first): it is drawn in the middle of the view.
        await page.Mouse.DblClickAsync((float)centreX, (float)centreY);
        await Eventually.True(async () =>
        {
            var marker = await LinusMarkerAsync(page);
            return Math.Abs(marker[2] - canvas.Width / 2) < 3 && Math.Abs(marker[3] - canvas.Height / 2) < 3;
        }, "the view follows Linus");

        // Fit arena: the whole arena again, as at first.
        await fitButton.ClickAsync();
        await Expect(fitButton).ToBeHiddenAsync();
        await Eventually.True(async () =>
        {
            var marker = await LinusMarkerAsync(page);
            return Math.Abs(marker[0] - fitted[0]) < 1 && Math.Abs(marker[2] - fitted[2]) < 1;
        }, "the view fits the arena again");
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task ReleaseLooksActive_OnlyWhileSomethingIsLatched_AndSaysWhyNotOtherwise()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = console.Address!.ToString().TrimEnd('/') });
        var page = await context.NewPageAsync();
        await ConsolePages.SignInAsync(page, ConsoleWithApi.Users[OperatorRoles.Supervisor], ConsoleWithApi.Password);
        await page.GotoAsync("/");
        var release = ConsolePages.Button(page, "Release e-stop");
        try
        {
            await Expect(release).ToHaveAttributeAsync("aria-disabled", "true");
            await Expect(release).ToHaveAttributeAsync("title", "Nothing is latched: there is nothing to release.");
            var idle = await release.EvaluateAsync<string>("button => getComputedStyle(button).borderStyle");

            await ConsolePages.Button(page, "Emergency stop").ClickAsync();
            await Expect(release).ToHaveAttributeAsync("aria-disabled", "false");
            Assert.NotEqual(idle, await release.EvaluateAsync<string>("button => getComputedStyle(button).borderStyle"));

            // Every disabled control on the cards says why.
            var forward = ConsolePages.Button(page, "Linus forward");
            await Expect(forward).ToBeDisabledAsync();
            await Expect(forward).ToHaveAttributeAsync("title", "Emergency stop latched: release it to drive.");

            await release.ClickAsync();
            await Expect(release).ToHaveAttributeAsync("aria-disabled", "true");
            await Expect(forward).ToBeEnabledAsync();
        }
        finally
        {
            using var client = console.Api.CreateAuthorizedClient();
            await client.PostAsync("/estop/release", null);
        }
    }

    private static Task<double[]> LinusMarkerAsync(IPage page) => page.EvaluateAsync<double[]>(MarkerBox, Colours["Linus"]);

    private static async Task DriveControlsOnScreenAsync(IPage page, string robot, bool phone)
    {
        foreach (var control in new[] { $"{robot} forward", $"{robot} left", $"Stop {robot}", $"{robot} right", $"{robot} backward" })
        {
            await Expect(ConsolePages.Button(page, control)).ToBeInViewportAsync(new() { Ratio = 1 });
        }

        if (phone)
        {
            await Expect(ConsolePages.Button(page, $"{robot} joystick: drag to drive, let go to stop")).ToBeInViewportAsync(new() { Ratio = 1 });
        }
    }

    private static bool Intersect(LocatorBoundingBoxResult a, LocatorBoundingBoxResult b) =>
        a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height;

    private static string Describe(LocatorBoundingBoxResult box) => $"({box.X:0}, {box.Y:0}, {box.Width:0}×{box.Height:0})";
}
