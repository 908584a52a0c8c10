using DualRobot.Api.Robots;
using DualRobot.Tests.AppHost;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// What keeps a gamepad from driving a robot nobody watches (issue 13): a hidden tab or a pad that goes away stops
/// the robot, B's stop holds until the enable button is pressed anew (issue 26), and a moving stick sends at most 20
/// commands a second. End to end: the commands reach the api of the
/// running AppHost, which counts what it accepted.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
[Collection(AppHostCollection.Name)]
public sealed class GamepadSafetyBrowserTests(AppHostFixture fixture, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    // Every command the page sends, as a /control request or on its command socket (named by the route it stands
    // for), stamped with the page's own clock (scripted by the test when installed), and how many are unanswered.
    private const string RecordedRequests = """
        (() => {
          window.__sent = [];
          window.__inflight = 0;
          const original = window.fetch;
          window.fetch = async (input, init) => {
            const url = String(input);
            if (url.startsWith('/control/')) window.__sent.push({ url, at: performance.now() });
            window.__inflight++;
            try { return await original(input, init); } finally { window.__inflight--; }
          };
          const send = WebSocket.prototype.send;
          WebSocket.prototype.send = function (data) {
            const command = JSON.parse(data);
            window.__sent.push({ url: `/control/${command.robot}/${command.command}`, at: performance.now() });
            window.__inflight++;
            if (!this.__counted) {
              this.__counted = true;
              this.addEventListener('message', () => window.__inflight--);
            }
            return send.call(this, data);
          };
        })();
        """;

    private readonly ApiState _api = new(fixture);

    [RequiresToolFact(Tools.Chromium)]
    public async Task HiddenTab_StopsTheRobotThePadDrives()
    {
        await WhileAPadDrivesLinusAsync(async (page, stops) =>
        {
            await page.EvaluateAsync("""
                () => {
                  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
                  Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
                  document.dispatchEvent(new Event('visibilitychange'));
                }
                """);
            await _api.WaitForAcceptedStopAsync("Linus", stops, "hiding the tab stopped Linus");

            // The enable button is still held, but the pad stays suspended until it is pressed anew.
            var velocities = await _api.AcceptedAsync("Linus", RobotActions.Velocity);
            await ScriptedGamepads.TwoFramesAsync(page);
            Assert.Equal(velocities, await _api.AcceptedAsync("Linus", RobotActions.Velocity));
        });
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task B_LatchesTheStop_UntilTheEnableButtonIsLetGoAndPressedAgain()
    {
        await WhileAPadDrivesLinusAsync(async (page, stops) =>
        {
            await page.EvaluateAsync("() => { window.__pads[0].buttons[1].pressed = true; }");
            await _api.WaitForAcceptedStopAsync("Linus", stops, "B stopped Linus");

            // B let go, LB and the stick still held: nothing drives (before, Linus drove again 130 ms later).
            var velocities = await _api.AcceptedAsync("Linus", RobotActions.Velocity);
            await page.EvaluateAsync("() => { window.__pads[0].buttons[1].pressed = false; }");
            await ScriptedGamepads.TwoFramesAsync(page);
            await ScriptedGamepads.TwoFramesAsync(page);
            await Expect(ConsolePages.Card(page, "Linus")).ToHaveAttributeAsync("data-holding", "");
            Assert.Equal(velocities, await _api.AcceptedAsync("Linus", RobotActions.Velocity));
            Assert.Equal("stop", (await _api.RobotAsync("Linus")).GetProperty("motion").GetString());

            // LB let go and pressed again: the pad drives.
            await page.EvaluateAsync("() => { window.__pads[0].buttons[4].pressed = false; }");
            await ScriptedGamepads.TwoFramesAsync(page);
            await page.EvaluateAsync("() => { window.__pads[0].buttons[4].pressed = true; }");
            await _api.WaitForMotionAsync("Linus", "velocity");
        });
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task DisconnectedPad_StopsTheRobotItDrove()
    {
        await WhileAPadDrivesLinusAsync(async (page, stops) =>
        {
            // What a browser does when a pad is unplugged: its slot reads null and gamepaddisconnected fires.
            await page.EvaluateAsync("""
                () => {
                  const pad = window.__pads[0];
                  pad.connected = false;
                  window.__pads[0] = null;
                  const event = new Event('gamepaddisconnected');
                  Object.defineProperty(event, 'gamepad', { value: pad });
                  window.dispatchEvent(event);
                }
                """);
            await _api.WaitForAcceptedStopAsync("Linus", stops, "unplugging the pad stopped Linus");
            await Expect(page.Locator("#gamepads [data-pad]")).ToHaveCountAsync(0);
        });
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task MovingStick_SendsAtMost20CommandsASecondPerRobot()
    {
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true);
        await ScriptedGamepads.InstallAsync(context);
        await context.AddInitScriptAsync(RecordedRequests);
        var page = await context.NewPageAsync();
        try
        {
            await page.Clock.InstallAsync();
            await page.GotoAsync("/");
            await page.EvaluateAsync("() => window.__pad(0, 'Scripted pad')");
            await Expect(page.Locator("#gamepads [data-pad='1']")).ToHaveTextAsync("Pad 1 (Scripted pad) drives Linus");
            // From here the page's clock (timers, animation frames, performance.now) moves only when the test says so.
            await page.Clock.PauseAtAsync(DateTime.UtcNow.AddMinutes(10));
            var velocitiesBefore = await _api.AcceptedAsync("Linus", RobotActions.Velocity);

            // Full ahead with the stick swaying left and right: a new command asked for on almost every frame.
            await page.EvaluateAsync("""
                () => {
                  const pad = window.__pads[0];
                  Object.defineProperty(pad, 'axes', { get: () => [0.6 * Math.sin(performance.now() / 80), -1, 0, 0] });
                  pad.buttons[4].pressed = true;
                }
                """);
            var start = await page.EvaluateAsync<double>("() => performance.now()");

            // Two seconds of frames, one at a time; each frame's request is answered before the next frame, so what
            // holds the commands back is the page's limit, not a slow answer.
            for (var frame = 0; frame < 120; frame++)
            {
                await page.Clock.RunForAsync(1000 / 60);
                await Eventually.True(async () => await page.EvaluateAsync<int>("() => window.__inflight") == 0, "the page's requests were answered");
            }

            var sent = (await page.EvaluateAsync<double[]>(
                "start => window.__sent.filter(entry => entry.url.startsWith('/control/Linus/') && entry.at >= start).map(entry => entry.at)", start)).Order().ToArray();
            // The limit is what held them back: the stick kept driving all along.
            Assert.True(sent.Length >= 30, $"only {sent.Length} commands in two seconds of a moving stick");
            var busiestSecond = sent.Max(first => sent.Count(at => at >= first && at < first + 1000));
            Assert.True(busiestSecond <= 20, $"{busiestSecond} commands for Linus within one second of the page's clock: {string.Join(", ", sent)}");
            Assert.True(await _api.AcceptedAsync("Linus", RobotActions.Velocity) > velocitiesBefore, "the api accepted the stick's velocity commands");

            var stops = await _api.StopsAsync("Linus");
            await page.EvaluateAsync("() => { window.__pads[0].buttons[4].pressed = false; }");
            await page.Clock.RunForAsync(1000 / 60);
            await _api.WaitForAcceptedStopAsync("Linus", stops, "releasing LB stopped Linus");
        }
        finally
        {
            await _api.ResetAsync();
        }
    }

    /// <summary>
    /// Opens the console, drives Linus forward with its first pad until the api reports the motion, then runs
    /// <paramref name="then"/> with the page and the stops the api had accepted for Linus so far.
    /// </summary>
    private async Task WhileAPadDrivesLinusAsync(Func<IPage, double, Task> then)
    {
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true);
        await ScriptedGamepads.InstallAsync(context);
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/");
            await page.EvaluateAsync("() => window.__pad(0, 'Scripted pad')");
            await Expect(page.Locator("#gamepads [data-pad='1']")).ToHaveTextAsync("Pad 1 (Scripted pad) drives Linus");
            await ScriptedGamepads.DriveForwardAsync(page, 0);
            await _api.WaitForMotionAsync("Linus", "velocity");
            await then(page, await _api.StopsAsync("Linus"));
        }
        finally
        {
            await _api.ResetAsync();
        }
    }
}
