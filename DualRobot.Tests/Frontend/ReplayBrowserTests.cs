using System.Globalization;
using DualRobot.Frontend.Operators;
using DualRobot.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// Issue 30, point 3, in Chromium: a session driven through the api is listed on the Replay page, plays with its
/// marker on the recorded path, names its driver, marks the other robot's deadman stop, jumps to its events (the
/// stop, the refusal with its reason) by the timeline and by scrubbing, and its moment link opens at that moment, on a
/// desktop and on a phone. The pictures of docs/console.md's Replay section are taken here.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class ReplayBrowserTests(RecordedConsole console, BrowserFixture browser)
    : IClassFixture<RecordedConsole>, IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const double Centimetre = 0.01;

    // What sticks out past the right edge of the screen, for the failure message.
    private const string WiderThanTheScreen = """
        () => [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)
          .map(e => `${e.tagName.toLowerCase()}#${e.id}.${e.className?.baseVal ?? e.className} (${Math.round(e.getBoundingClientRect().left)}..${Math.round(e.getBoundingClientRect().right)}, width ${getComputedStyle(e).width}, margin ${getComputedStyle(e).margin}, in ${Math.round(e.parentElement.getBoundingClientRect().width)})`)
          .join(', ')
        """;
    private readonly List<IBrowserContext> _contexts = [];

    [RequiresToolFact(Tools.Chromium)]
    public async Task TheSession_IsListed_AndPlayMovesTheMarkerAlongThePath_NamingTheDriver()
    {
        var page = await SignedInPageAsync(OperatorRoles.Viewer);
        await page.GotoAsync("/Replay");
        var session = page.Locator($"#replay-sessions li[data-session='{console.Recording.Session.Id}']");
        await Expect(session).ToContainTextAsync($"{RecordedConsole.Robot} {RecordedConsole.Driver}");

        await session.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(Clock(page)).ToHaveAttributeAsync("data-offset", "0");
        var first = console.Recording.States.First().State.Pose;
        var (x0, y0) = await MarkerAsync(page);
        Assert.True(Math.Abs(x0 - first.X) < 1e-6 && Math.Abs(y0 - first.Y) < 1e-6, $"at the start the marker is at ({x0}, {y0}), the recording at {first}");
        await Expect(page.Locator($"#replay-legend li[data-robot='{RecordedConsole.Robot}']")).ToContainTextAsync($"driven by {RecordedConsole.Driver}");
        await Expect(page.Locator($"#replay-lanes [data-robot='{RecordedConsole.Robot}'] .replay-stretch[data-driver='{RecordedConsole.Driver}']"))
            .ToHaveTextAsync(RecordedConsole.Driver);
        await Expect(page.Locator($".replay-path[data-robot='{RecordedConsole.Other}']").First).ToBeAttachedAsync();
        await Expect(page.Locator($"#replay-events .replay-event[data-kind='deadman'][data-robot='{RecordedConsole.Other}']")).ToHaveCountAsync(1);

        await page.Locator("#replay-speed").SelectOptionAsync("8");
        await ConsolePages.Button(page, "Play").ClickAsync();
        var duration = (console.Recording.Session.End - console.Start).TotalMilliseconds;
        await Eventually.True(async () => double.Parse(await Clock(page).GetAttributeAsync("data-offset") ?? "0", CultureInfo.InvariantCulture) > duration / 3,
            "the playhead to move on");
        var (x, y) = await MarkerAsync(page);
        Assert.True(Math.Sqrt(Math.Pow(x - x0, 2) + Math.Pow(y - y0, 2)) > 0.02, $"the marker moved from ({x0}, {y0}) to ({x}, {y})");
        var off = console.DistanceFromPath(x, y);
        Assert.True(off <= Centimetre, $"the marker at ({x}, {y}) is {off * 100:0.0} cm off the recorded path");
        await Expect(page.Locator("#replay-play")).ToHaveAttributeAsync("aria-pressed", "false"); // it plays to the end and stops there
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task AnEvent_OpensItsMoment_ByTheTimelineAndByScrubbing_AndTheMomentLinkOpensThere()
    {
        var page = await SignedInPageAsync(OperatorRoles.Operator);
        await page.GotoAsync($"/Replay?session={console.Recording.Session.Id}");
        await Expect(page.Locator("#replay-player")).ToHaveAttributeAsync("data-session", console.Recording.Session.Id.ToString(CultureInfo.InvariantCulture));
        var start = double.Parse(await page.Locator("#replay-player").GetAttributeAsync("data-start") ?? "", CultureInfo.InvariantCulture);

        // The refusal, from its mark on the timeline: the activity's newest row is it, with its reason.
        var refusal = page.Locator($"#replay-events .replay-event[data-kind='refusal'][data-robot='{RecordedConsole.Robot}']");
        await refusal.ClickAsync();
        var refusedAt = double.Parse(await refusal.GetAttributeAsync("data-time") ?? "", CultureInfo.InvariantCulture);
        Assert.InRange(refusedAt - start, OffsetOf(console.Refusal.Time) - 1, OffsetOf(console.Refusal.Time) + 1);
        await Expect(Clock(page)).ToHaveAttributeAsync("data-offset", Math.Round(refusedAt - start).ToString(CultureInfo.InvariantCulture));
        var newest = page.Locator("#replay-activity li").First;
        await Expect(newest).ToHaveAttributeAsync("data-kind", "refusal");
        await Expect(newest).ToContainTextAsync($"{RecordedConsole.OtherDriver}): drive in_use");

        // The stop, by scrubbing the playhead to its moment: the robot is where the recording has it then.
        var stopAt = double.Parse(await page.Locator($"#replay-events .replay-event[data-kind='stop'][data-robot='{RecordedConsole.Robot}']").GetAttributeAsync("data-time") ?? "", CultureInfo.InvariantCulture);
        var offset = Math.Round(stopAt - start).ToString(CultureInfo.InvariantCulture);
        await page.Locator("#replay-scrub").FillAsync(offset);
        await Expect(Clock(page)).ToHaveAttributeAsync("data-offset", offset);
        await Expect(newest).ToHaveAttributeAsync("data-kind", "stop");
        var expected = console.PoseAt(console.Stop.Time);
        var (x, y) = await MarkerAsync(page);
        Assert.True(Math.Sqrt(Math.Pow(x - expected.X, 2) + Math.Pow(y - expected.Y, 2)) <= Centimetre, $"at the stop the marker is at ({x}, {y}), the recording at {expected}");

        // Its link, opened afresh, shows the same moment.
        var link = await page.Locator("#replay-moment").GetAttributeAsync("href");
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"/Replay?session={console.Recording.Session.Id}&t={(stopAt - start) / 1000:0.000}"), link);
        var opened = await page.Context.NewPageAsync();
        await opened.GotoAsync(link!);
        await Expect(Clock(opened)).ToHaveAttributeAsync("data-offset", offset);
        Assert.Equal((x, y), await MarkerAsync(opened));
        await Expect(opened.Locator("#replay-activity li").First).ToHaveAttributeAsync("data-kind", "stop");
        await Expect(opened.GetByRole(AriaRole.Link, new() { Name = "Live", Exact = true })).ToHaveAttributeAsync("href", "/");
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task OnAPhone_TheReplayFitsTheScreen_AndScreenshotsOfBothLayoutsAreTaken()
    {
        var folder = RepositoryPaths.Combine("DualRobot.Frontend", "Screenshots");
        Directory.CreateDirectory(folder);
        // A millisecond past the refusal, whatever the rounding of the page's milliseconds: its moment is shown.
        var seconds = (Math.Ceiling((console.Refusal.Time - console.Start).TotalMilliseconds) + 1) / 1000;
        var moment = string.Create(CultureInfo.InvariantCulture, $"/Replay?session={console.Recording.Session.Id}&t={seconds:0.000}");
        foreach (var (name, phone) in new[] { ("replay.png", false), ("replay-phone.png", true) })
        {
            var page = await SignedInPageAsync(OperatorRoles.Viewer, phone);
            await page.GotoAsync(moment);
            await Expect(page.Locator("#replay-activity li").First).ToHaveAttributeAsync("data-kind", "refusal");
            await Expect(page.Locator($".replay-marker[data-robot='{RecordedConsole.Other}']")).ToBeVisibleAsync();
            if (phone)
            {
                Assert.True(BrowserFixture.Phone.Width == await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"),
                    "wider than the phone: " + await page.EvaluateAsync<string>(WiderThanTheScreen));
                foreach (var control in new[] { ConsolePages.Button(page, "Play"), page.Locator("#replay-scrub"), page.Locator("#replay-arena") })
                {
                    var box = await control.BoundingBoxAsync();
                    Assert.True(box is { X: >= 0 } && box.X + box.Width <= BrowserFixture.Phone.Width, $"{control} lies within the phone's width: {box?.X}+{box?.Width}");
                }

                await ConsolePages.Button(page, "Play").TapAsync();
                await Expect(ConsolePages.Button(page, "Pause")).ToBeVisibleAsync();
                await ConsolePages.Button(page, "Pause").TapAsync();
            }

            var path = Path.Combine(folder, name);
            await page.ScreenshotAsync(new() { Path = path, FullPage = true });
            Assert.True(new FileInfo(path).Length > 0);
        }
    }

    private double OffsetOf(DateTimeOffset time) => Math.Floor((time - console.Start).TotalMilliseconds);

    private static ILocator Clock(IPage page) => page.Locator("#replay-clock");

    private static async Task<(double X, double Y)> MarkerAsync(IPage page)
    {
        var marker = page.Locator($"#replay-arena .replay-marker[data-robot='{RecordedConsole.Robot}']");
        await Expect(marker).ToHaveAttributeAsync("data-x", new System.Text.RegularExpressions.Regex("."));
        return (double.Parse((await marker.GetAttributeAsync("data-x"))!, CultureInfo.InvariantCulture),
            double.Parse((await marker.GetAttributeAsync("data-y"))!, CultureInfo.InvariantCulture));
    }

    private async Task<IPage> SignedInPageAsync(string role, bool phone = false)
    {
        var context = await browser.NewContextAsync(console.Address!, signedIn: false, phone: phone);
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        await ConsolePages.SignInAsync(page, ConsoleWithApi.Users[role], ConsoleWithApi.Password);
        return page;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }
    }
}
