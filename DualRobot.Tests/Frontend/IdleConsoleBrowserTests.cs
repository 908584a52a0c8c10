using DualRobot.Tests.AppHost;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// An idle console renders nothing (issue 13, point 6): on a small machine every frame the page draws is time a key
/// or pointer press waits behind on the main thread, and CPU the console and api do not get. Pads are polled on
/// every frame only while one is plugged in; the arena draws every frame only while it interpolates, and a blinking
/// eye a few times a second; the Activity panel is fed by the live stream and adds only the rows that are new. The page's clock is Playwright's, so frames are counted, not timed.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
[Collection(AppHostCollection.Name)]
public sealed class IdleConsoleBrowserTests(AppHostFixture fixture, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    // Counts the page's animation-frame requests from here on (the page's modules look the function up on each call).
    private const string CountFrames = """
        () => {
          window.__frames = 0;
          const request = window.requestAnimationFrame;
          window.requestAnimationFrame = (callback) => { window.__frames++; return request(callback); };
        }
        """;

    private readonly ApiState _api = new(fixture);

    [RequiresToolFact(Tools.Chromium)]
    public async Task IdleConsole_RequestsNoAnimationFrames_UntilAPadIsPluggedIn()
    {
        await _api.ResetAsync();
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true);
        await ScriptedGamepads.InstallAsync(context);
        var page = await context.NewPageAsync();
        await page.Clock.InstallAsync();
        await page.GotoAsync("/");
        await Expect(page.Locator("#arena-legend li[data-robot='Linus']")).ToContainTextAsync("Linus: x");
        await page.Clock.PauseAtAsync(DateTime.UtcNow.AddMinutes(10));
        await page.EvaluateAsync(CountFrames);

        // Five seconds of an idle page: robots still, eyes off, no pad. Before, it drew 300 frames in that time.
        await page.Clock.RunForAsync(5000);
        var idle = await FramesAsync(page);
        Assert.True(idle <= 2, $"an idle console asked for {idle} animation frames in 5 s");

        // A pad is plugged in: polled on every frame, as the Gamepad API needs.
        await page.EvaluateAsync("() => window.__pad(0, 'Scripted pad')");
        await page.Clock.RunForAsync(1000);
        var polling = await FramesAsync(page);
        Assert.True(polling >= 50, $"with a pad plugged in the page asked for only {polling} frames in 1 s");
        await Expect(page.Locator("#gamepads [data-pad='1']")).ToHaveTextAsync("Pad 1 (Scripted pad) drives Linus");

        // Unplugged: the next frame notices, and the polling ends.
        await page.EvaluateAsync("() => { window.__pads[0].connected = false; window.__pads[0] = null; window.dispatchEvent(new Event('gamepaddisconnected')); }");
        await page.Clock.RunForAsync(100);
        await Expect(page.Locator("#gamepads [data-pad]")).ToHaveCountAsync(0);
        await page.EvaluateAsync("() => { window.__frames = 0; }");
        await page.Clock.RunForAsync(3000);
        var after = await FramesAsync(page);
        Assert.True(after <= 2, $"after the pad went away the page still asked for {after} frames in 3 s");
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task BlinkingEye_RedrawsTheArenaAFewTimesASecond_NotEveryFrame()
    {
        await _api.ResetAsync();
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true);
        var page = await context.NewPageAsync();
        try
        {
            await page.Clock.InstallAsync();
            await page.GotoAsync("/");
            await _api.SetEyeAsync("Linus", "blink");
            await Expect(ConsolePages.Card(page, "Linus").Locator("[data-field='eye']")).ToHaveTextAsync("blink");
            await page.Clock.PauseAtAsync(DateTime.UtcNow.AddMinutes(10));
            await page.EvaluateAsync(CountFrames);

            // Two seconds of a 2 Hz blink: a frame for each of its 8 changes (and perhaps one more), not 120.
            await page.Clock.RunForAsync(2000);
            var frames = await FramesAsync(page);
            Assert.InRange(frames, 6, 12);
        }
        finally
        {
            await _api.ResetAsync();
        }
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task ActivityPanel_IsFedByTheLiveStream_ThePageNeverPollsIt_AndKeepsTheRowsItHas()
    {
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true);
        await context.AddInitScriptAsync("""
            (() => {
              window.__activity = 0;
              const original = window.fetch;
              window.fetch = async (input, init) => {
                if (String(input).startsWith('/activity')) window.__activity++;
                return original(input, init);
              };
            })();
            """);
        var page = await context.NewPageAsync();
        try
        {
            await page.Clock.InstallAsync();
            await page.GotoAsync("/");
            var first = page.Locator("[data-activity-list] li").First;
            await Expect(first).ToBeVisibleAsync();
            await page.Clock.PauseAtAsync(DateTime.UtcNow.AddMinutes(10));
            await first.EvaluateAsync("item => { item.dataset.seen = 'yes'; }");

            // Ten idle seconds: the page asks for nothing (it fetched /activity about once a second).
            await page.Clock.RunForAsync(10_000);
            Assert.Equal(0, await page.EvaluateAsync<int>("() => window.__activity"));

            // Something happens elsewhere: its record comes over the stream, on top, and the rows already shown stay.
            await _api.SetEyeAsync("Torvalds", "blink");
            var eye = page.Locator("[data-activity-list] li[data-action=eye]").First;
            await Eventually.True(async () =>
            {
                await page.Clock.RunForAsync(300);
                return await page.Locator("[data-activity-list] li").First.GetAttributeAsync("data-action") == "eye";
            }, "the eye's record is on top");
            await Expect(eye).ToContainTextAsync("blink");
            await Expect(page.Locator("[data-activity-list] li[data-seen=yes]")).ToHaveCountAsync(1);
            Assert.Equal(0, await page.EvaluateAsync<int>("() => window.__activity"));
        }
        finally
        {
            await _api.ResetAsync();
        }
    }

    private static Task<int> FramesAsync(IPage page) => page.EvaluateAsync<int>("() => window.__frames");
}
