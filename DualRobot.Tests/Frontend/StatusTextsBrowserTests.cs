using System.Net;
using System.Text.RegularExpressions;
using DualRobot.Tests.Audit;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// The console's truth table (issue 26): for each of its status texts, the state that produces it and the state that
/// clears it, driven through the real api (a process, with Linus on the pigpiod emulator) and read in Chromium. "bob" is
/// another user, at the api with the console's key as another console would be; the page is the operator's.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class StatusTextsBrowserTests(StatusTexts world, BrowserFixture browser) : IClassFixture<StatusTexts>, IClassFixture<BrowserFixture>
{
    /// <summary>One status text (or the texts one state produces together): what produces it and what clears it.</summary>
    private sealed record Row(
        Func<IPage, Task> Produce,
        Func<IPage, Task> Shows,
        Func<IPage, Task> Clear,
        Func<IPage, Task> Cleared);

    public static TheoryData<string> Texts => [.. RowsByText.Keys];

    private StatusTexts World => world;

    private static readonly Dictionary<string, Func<StatusTextsBrowserTests, Row>> RowsByText = new()
    {
        ["The control api has been unreachable since … (banner); unknown: api unreachable; motion unknown; Control api unreachable: driving is off"] = t => new(
            Produce: _ =>
            {
                t.World.KillApi();
                return Task.CompletedTask;
            },
            Shows: async page =>
            {
                await Expect(page.Locator("#banner-api")).ToContainTextAsync(new Regex(@"The control api has been unreachable since \d{2}:\d{2}:\d{2} UTC"));
                await Expect(page.Locator("#banner-api")).ToContainTextAsync("A crashed api is started again by what runs it");
                await Expect(Field(page, "Linus", "connection")).ToHaveTextAsync("unknown: api unreachable");
                await Expect(Field(page, "Linus", "motion")).ToHaveTextAsync("unknown");
                await Expect(Field(page, "Linus", "blocked")).ToHaveTextAsync("Control api unreachable: driving is off until it is back.");
            },
            Clear: _ => t.World.StartApiAgainAsync(),
            Cleared: async page =>
            {
                await Expect(page.Locator("#banner-api")).ToBeHiddenAsync();
                await Expect(Field(page, "Linus", "connection")).ToHaveTextAsync("connected");
                await Expect(Field(page, "Linus", "motion")).ToHaveTextAsync("stop");
                await Expect(Field(page, "Linus", "blocked")).ToBeEmptyAsync();
            }),

        ["Connection to the console lost since … (banner); unknown: console unreachable; driving is off"] = t => new(
            Produce: _ =>
            {
                t.World.Link.Cut();
                return Task.CompletedTask;
            },
            Shows: async page =>
            {
                await Expect(page.Locator("#banner-console")).ToContainTextAsync(new Regex(@"Connection to the console lost since \d{2}:\d{2}:\d{2} UTC: this page reconnects by itself"));
                await Expect(Field(page, "Linus", "connection")).ToHaveTextAsync("unknown: console unreachable");
                await Expect(Field(page, "Linus", "motion")).ToHaveTextAsync("unknown");
                await Expect(Field(page, "Linus", "blocked")).ToHaveTextAsync("Connection to the console lost: driving is off until it is back.");
            },
            Clear: _ =>
            {
                t.World.Link.Restore();
                return Task.CompletedTask;
            },
            Cleared: async page =>
            {
                await Expect(page.Locator("#banner-console")).ToBeHiddenAsync();
                await Expect(Field(page, "Linus", "connection")).ToHaveTextAsync("connected");
                await Expect(Field(page, "Linus", "blocked")).ToBeEmptyAsync();
            }),

        ["Robot backend unreachable: Linus (banner); backend unreachable; deadman unknown; Linus's backend is unreachable"] = t => new(
            Produce: _ =>
            {
                t.World.Daemon.Stop();
                return Task.CompletedTask;
            },
            Shows: async page =>
            {
                await Expect(page.Locator("#banner-backend")).ToHaveTextAsync("Robot backend unreachable: Linus");
                await Expect(Field(page, "Linus", "connection")).ToHaveTextAsync("backend unreachable");
                await Expect(Field(page, "Linus", "deadman")).ToHaveTextAsync("deadman unknown");
                await Expect(Field(page, "Linus", "blocked")).ToHaveTextAsync("Linus's backend is unreachable: driving is off until it reconnects.");
            },
            Clear: _ =>
            {
                t.World.Daemon.Restart(resetPins: false);
                return Task.CompletedTask;
            },
            Cleared: async page =>
            {
                await Expect(page.Locator("#banner-backend")).ToBeHiddenAsync();
                await Expect(Field(page, "Linus", "connection")).ToHaveTextAsync("connected");
                await Expect(Field(page, "Linus", "deadman")).ToHaveTextAsync("on-robot deadman");
                await Expect(Field(page, "Linus", "blocked")).ToBeEmptyAsync();
            }),

        ["Emergency stop latched (banner); Latched: release to drive; Emergency stop latched: release it to drive; release looks active"] = t => new(
            Produce: _ => t.Bob("POST", "/estop"),
            Shows: async page =>
            {
                await Expect(page.Locator("#banner-estop")).ToBeVisibleAsync();
                await Expect(page.Locator("#estop-state")).ToHaveTextAsync("Latched: release to drive");
                await Expect(Field(page, "Linus", "blocked")).ToHaveTextAsync("Emergency stop latched: release it to drive.");
                await Expect(ConsolePages.Button(page, "Release e-stop")).ToHaveAttributeAsync("aria-disabled", "false");
            },
            Clear: _ => t.Bob("POST", "/estop/release", role: "supervisor"),
            Cleared: async page =>
            {
                await Expect(page.Locator("#banner-estop")).ToBeHiddenAsync();
                await Expect(page.Locator("#estop-state")).ToBeEmptyAsync();
                await Expect(Field(page, "Linus", "blocked")).ToBeEmptyAsync();
                await Expect(ConsolePages.Button(page, "Release e-stop")).ToHaveAttributeAsync("aria-disabled", "true");
            }),

        ["100 % · next drive 50 %"] = t => new(
            Produce: async page =>
            {
                await t.As("operator", "POST", "/robots/Linus/drive", """{"direction":"forward","speed":1,"leaseMs":200}""");
                await t.As("operator", "POST", "/robots/Linus/drive", """{"direction":"stop"}""");
                await Expect(Field(page, "Linus", "speed")).ToHaveTextAsync("100 %");
                await ConsolePages.Card(page, "Linus").GetByLabel("Speed", new() { Exact = true }).FillAsync("50");
            },
            Shows: page => Expect(Field(page, "Linus", "speed")).ToHaveTextAsync("100 % · next drive 50 %"),
            // The robot's speed becomes the slider's: a drive at 50 % (from any console of the user).
            Clear: async _ =>
            {
                await t.As("operator", "POST", "/robots/Linus/drive", """{"direction":"forward","speed":0.5,"leaseMs":200}""");
                await t.As("operator", "POST", "/robots/Linus/drive", """{"direction":"stop"}""");
            },
            Cleared: page => Expect(Field(page, "Linus", "speed")).ToHaveTextAsync("50 %")),

        ["… · at the wall"] = t => new(
            // Torvalds (simulated, in a 4 m arena) driven straight ahead on a lease long enough to reach the safety
            // envelope's margin from the wall, where the envelope stops it: the api says it is at the wall.
            Produce: async _ =>
            {
                await t.As("operator", "POST", "/robots/Torvalds/drive", """{"direction":"forward","leaseMs":5000}""");
                await Eventually.True(
                    async () => (await t.World.State.RobotAsync("Torvalds")).GetProperty("atWall").GetBoolean(), "Torvalds is at the wall");
            },
            Shows: async page =>
            {
                await Expect(Field(page, "Torvalds", "motion")).ToHaveTextAsync(new Regex("^(forward|stop) · at the wall$"));
                await t.As("operator", "POST", "/robots/Torvalds/drive", """{"direction":"stop"}""");
                await Expect(Field(page, "Torvalds", "motion")).ToHaveTextAsync("stop · at the wall");
            },
            Clear: _ => t.World.State.ResetPoseAsync("Torvalds"),
            Cleared: page => Expect(Field(page, "Torvalds", "motion")).ToHaveTextAsync("stop")),

        ["Robot in use … in use by bob (card); Take control…"] = t => new(
            Produce: async page =>
            {
                await t.Bob("POST", "/robots/Linus/drive", """{"direction":"forward","leaseMs":200}""");
                await t.Bob("POST", "/robots/Linus/drive", """{"direction":"stop"}""");
                await Expect(Driver(page)).ToHaveTextAsync("bob");
                await page.Keyboard.PressAsync("w");
            },
            Shows: async page =>
            {
                await Expect(Field(page, "Linus", "message")).ToContainTextAsync(new Regex(@"in use by bob \(since \d{2}:\d{2}:\d{2} UTC\)"));
                await Expect(TakeControl(page)).ToBeVisibleAsync();
            },
            Clear: async page =>
            {
                await TakeControl(page).Locator("summary").ClickAsync();
                await ConsolePages.Button(page, "Stop and take control").ClickAsync();
            },
            Cleared: async page =>
            {
                await Expect(Field(page, "Linus", "message")).ToBeEmptyAsync();
                await Expect(TakeControl(page)).ToBeHiddenAsync();
            }),

        ["Linus was stopped by bob: let go and press again to drive."] = t => new(
            Produce: async page =>
            {
                await page.Keyboard.DownAsync("w");
                await t.World.State.WaitForMotionAsync("Linus", "forward");
                await t.Bob("POST", "/robots/Linus/drive", """{"direction":"stop"}""");
            },
            Shows: async page =>
            {
                await Expect(Field(page, "Linus", "driver-notice")).ToHaveTextAsync("Linus was stopped by bob: let go and press again to drive.");
                await Expect(ConsolePages.Card(page, "Linus")).ToHaveAttributeAsync("data-holding", "");
            },
            Clear: async page =>
            {
                await page.Keyboard.UpAsync("w");
                await page.Keyboard.DownAsync("w");
                await t.World.State.WaitForMotionAsync("Linus", "forward");
            },
            Cleared: async page =>
            {
                await Expect(Field(page, "Linus", "driver-notice")).ToBeHiddenAsync();
                await page.Keyboard.UpAsync("w");
            }),

        ["bob took control of Linus and stopped it"] = t => new(
            Produce: async page =>
            {
                await page.Keyboard.DownAsync("w");
                await t.World.State.WaitForMotionAsync("Linus", "forward");
                await t.Bob("POST", "/robots/Linus/take-control", role: "supervisor");
            },
            Shows: page => Expect(Field(page, "Linus", "driver-notice")).ToContainTextAsync("bob took control of Linus and stopped it"),
            Clear: async page =>
            {
                await page.Keyboard.UpAsync("w");
                await TakeControl(page).Locator("summary").ClickAsync();
                await ConsolePages.Button(page, "Stop and take control").ClickAsync();
                await Expect(Driver(page)).ToHaveTextAsync("operator");
                await page.Keyboard.DownAsync("w");
                await t.World.State.WaitForMotionAsync("Linus", "forward");
            },
            Cleared: async page =>
            {
                await Expect(Field(page, "Linus", "driver-notice")).ToBeHiddenAsync();
                await page.Keyboard.UpAsync("w");
            }),

        ["Last command: stop every robot (Linus, Torvalds)"] = _ => new(
            Produce: page => page.Keyboard.PressAsync(" "),
            Shows: page => Expect(page.Locator("#rtt")).ToHaveTextAsync(new Regex(@"^stop every robot \(Linus, Torvalds\): \d+ ms$")),
            Clear: page => ConsolePages.Button(page, "Stop Linus").ClickAsync(),
            Cleared: page => Expect(page.Locator("#rtt")).ToHaveTextAsync(new Regex(@"^stop Linus: \d+ ms$"))),
    };

    [RequiresToolTheory(Tools.Chromium)]
    [MemberData(nameof(Texts))]
    public async Task StatusText_ShowsWhileItsStateHolds_AndGoesWithIt(string text)
    {
        var row = RowsByText[text](this);
        await using var context = await browser.NewContextAsync(world.Address, signedIn: true);
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/");
            await Expect(Field(page, "Linus", "connection")).ToHaveTextAsync("connected");
            await Expect(Field(page, "Torvalds", "connection")).ToHaveTextAsync("connected");

            await row.Produce(page);
            await row.Shows(page);
            await row.Clear(page);
            await row.Cleared(page);
        }
        finally
        {
            world.Link.Restore();
            if (world.Api.HasExited)
            {
                await world.StartApiAgainAsync();
            }

            if (!world.Daemon.IsRunning)
            {
                world.Daemon.Restart(resetPins: false);
            }

            await world.State.ResetAsync();
            await world.State.ResetPoseAsync("Torvalds");
        }
    }

    private static ILocator Field(IPage page, string robot, string field) => ConsolePages.Card(page, robot).Locator($"[data-field='{field}']").First;

    private static ILocator Driver(IPage page) => ConsolePages.Card(page, "Linus").Locator(".driver-line [data-field=driver]");

    private static ILocator TakeControl(IPage page) => ConsolePages.Card(page, "Linus").Locator("[data-take-control-form]");

    /// <summary>Bob, another user at another console: the api with the key and his name.</summary>
    private Task Bob(string method, string path, string? body = null, string role = "operator") => As("bob", method, path, body, role);

    private async Task As(string user, string method, string path, string? body = null, string role = "supervisor")
    {
        using var client = world.Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", AppHost.AppHostFixture.ApiKey);
        using var response = await client.SendAsAsync(user, method, path, body, role: role);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{user} {method} {path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
