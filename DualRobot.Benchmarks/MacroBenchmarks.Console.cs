using System.Diagnostics;
using System.Text.Json;
using DualRobot.Tests.Gpio.Pigpio.Emulator;
using DualRobot.Tests.Support;
using Microsoft.Playwright;

namespace DualRobot.Benchmarks;

/// <summary>
/// Input-to-pin latency (issue 13, point 6): a key or pointer event in headless Chromium on the signed-in console,
/// through frontend → api (Linus on Pigpio) → the pigpiod emulator's pin-change event, in this process.
/// </summary>
public sealed partial class MacroBenchmarks
{
    // As DualRobot.Tests/Frontend/BrowserFixture launches it.
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    // The page's own clock for every input event, captured before the console's listeners see it.
    private const string EventClock = """
        window.__benchEvents = [];
        for (const type of ['keydown', 'keyup', 'pointerdown', 'pointerup']) {
          window.addEventListener(type, (e) => { if (!e.repeat) window.__benchEvents.push([type, performance.timeOrigin + e.timeStamp]); }, { capture: true });
        }
        """;

    private int Presses => settings.Mode switch { "smoke" => 5, "quick" => 100, _ => 400 };

    private sealed record InputResult(string Input, LatencyStats Press, LatencyStats Release, LatencyStats PressFromEvent, LatencyStats ReleaseFromEvent);

    /// <summary><c>--console-only</c>: only the console's measures, on their own 128-robot api and console stack.</summary>
    private async Task<string> RunConsoleOnlyAsync(string apiDll, string frontendDll)
    {
        await using var fleet = await Fleet.StartAsync(apiDll, settings.FleetSizes[^1]);
        await using var front = await FrontendStack.StartAsync(apiDll, frontendDll, settings.Smoke);
        await MeasureConsoleAsync(apiDll, frontendDll, front, fleet);
        return Render();
    }

    /// <summary>The console's measures, after the api's: input to pin, fan-out, and the moving fleet with viewers.</summary>
    private async Task MeasureConsoleAsync(string apiDll, string frontendDll, FrontendStack front, Fleet fleet)
    {
        await MeasureInputToPinAsync(apiDll, frontendDll);
        await MeasureFanOutAsync(front);
        await MeasureFleetViewersAsync(fleet, frontendDll);
    }

    private async Task MeasureInputToPinAsync(string apiDll, string frontendDll)
    {
        var chromium = Environment.GetEnvironmentVariable("BENCH_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            _targets.Add(new Target("Input-to-pin p99, Chromium → console → api → pigpiod emulator", "≤ 10 ms", $"not measured: no Chromium at {chromium}", null));
            return;
        }

        Log($"input to pin: headless Chromium, {Presses} key presses and {Presses} pointer presses on Linus's forward");
        await using var emulator = new PigpioEmulator();
        var apiEnvironment = ApiEnvironment();
        foreach (var (key, value) in RobotSettings.PigpioEnvironment(emulator.Port))
        {
            apiEnvironment[key] = value;
        }

        await using var stack = await FrontendStack.StartAsync(apiDll, frontendDll, settings.Smoke, apiEnvironment);
        await WaitConnectedAsync(stack.ApiHttp, Robot);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Args = ChromiumArgs, Headless = true });
        await using var context = await browser.NewContextAsync(new()
        {
            BaseURL = stack.Frontend.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new() { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(60_000);
        await context.AddInitScriptAsync(EventClock);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/SignIn");
        await page.Locator("input[name=UserName]").FillAsync(OperatorUserName);
        await page.Locator("input[name=Password]").FillAsync(OperatorPassword);
        await page.Locator("input[name=Password]").PressAsync("Enter");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        var forward = page.Locator($"[data-robot-card][data-robot=\"{Robot}\"] button[data-direction=\"forward\"]");
        await forward.WaitForAsync();
        await Task.Delay(settings.Smoke ? 300 : 1500);

        using var pin = new PinWatch(emulator, LinusLeftForward);
        var keys = await PressAsync(page, pin, "key", () => page.Keyboard.DownAsync("KeyW"), () => page.Keyboard.UpAsync("KeyW"), "keydown", "keyup");
        var box = await forward.BoundingBoxAsync() ?? throw new InvalidOperationException("Linus's forward button has no box.");
        await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        var pointer = await PressAsync(page, pin, "pointer", () => page.Mouse.DownAsync(), () => page.Mouse.UpAsync(), "pointerdown", "pointerup");

        foreach (var r in new[] { keys, pointer })
        {
            var how = r.Input == "key" ? "W" : "the D-pad's forward button (mouse)";
            _rows.Add(new Row($"Input to pin, {r.Input} press → forward", $"Chromium {how} → console → api → emulator pin 13 high; clock from before Playwright's call (CDP round trip included)",
                r.Press, $"n={r.Press.Count}", $"from the page's own event timestamp: p50 {Us(r.PressFromEvent.P50)}, p99 {Us(r.PressFromEvent.P99)}", "see the drive rows (HTTP → pin)"));
            _rows.Add(new Row($"Input to pin, {r.Input} release → stop", $"the same, release → pin 13 low", r.Release, $"n={r.Release.Count}",
                $"from the page's own event timestamp: p50 {Us(r.ReleaseFromEvent.P50)}, p99 {Us(r.ReleaseFromEvent.P99)}", ""));
            _targets.Add(new Target($"Input-to-pin p99, {r.Input} press, Chromium → console → api → pigpiod emulator, loopback", "≤ 10 ms",
                $"{Ms(r.Press.P99)} from before Playwright's call (p50 {Ms(r.Press.P50)}); {Ms(r.PressFromEvent.P99)} from the page's event timestamp (p50 {Ms(r.PressFromEvent.P50)})",
                r.Press.P99 <= 10_000));
        }
    }

    /// <summary>
    /// Presses and releases, one at a time with a pause between. Two clocks per press: the harness's, started just
    /// before the Playwright call (so a CDP round trip is included), and the page's <c>event.timeStamp</c> mapped onto
    /// the harness clock through the offset between <c>performance.timeOrigin + performance.now()</c> and this
    /// process's wall clock, measured with the shortest of several evaluate round trips.
    /// </summary>
    private async Task<InputResult> PressAsync(IPage page, PinWatch pin, string input, Func<Task> down, Func<Task> up, string downEvent, string upEvent)
    {
        var warmup = settings.Smoke ? 1 : 20;
        await page.EvaluateAsync("() => { window.__benchEvents.length = 0; }");
        var press = new List<double>();
        var release = new List<double>();
        var pinHigh = new List<long>();
        var pinLow = new List<long>();
        for (var i = 0; i < warmup + Presses; i++)
        {
            var high = pin.Arm(1);
            var t0 = Stopwatch.GetTimestamp();
            await down();
            var atHigh = await high.WaitAsync(TimeSpan.FromSeconds(10));
            await Task.Delay(5);
            var low = pin.Arm(0);
            var t1 = Stopwatch.GetTimestamp();
            await up();
            var atLow = await low.WaitAsync(TimeSpan.FromSeconds(10));
            if (i >= warmup)
            {
                press.Add(Stopwatch.GetElapsedTime(t0, atHigh).TotalMicroseconds);
                release.Add(Stopwatch.GetElapsedTime(t1, atLow).TotalMicroseconds);
            }

            pinHigh.Add(atHigh);
            pinLow.Add(atLow);
            await Task.Delay(20);
        }

        var offset = await PageClockOffsetAsync(page);
        var events = await page.EvaluateAsync<JsonElement>("() => window.__benchEvents");
        List<double> Times(string type) => [.. events.EnumerateArray().Where(e => e[0].GetString() == type).Select(e => e[1].GetDouble())];
        var downs = Times(downEvent);
        var ups = Times(upEvent);
        if (downs.Count != pinHigh.Count || ups.Count != pinLow.Count)
        {
            throw new InvalidOperationException($"{input}: the page saw {downs.Count} {downEvent} and {ups.Count} {upEvent} for {pinHigh.Count} presses.");
        }

        // Page event time (Unix ms, page clock) → this process's Stopwatch ticks.
        double FromEvent(double pageUnixMs, long pinAt) => (HarnessUnixMs(pinAt) - (pageUnixMs - offset)) * 1000;
        var pressFromEvent = downs.Select((t, i) => FromEvent(t, pinHigh[i])).Skip(warmup);
        var releaseFromEvent = ups.Select((t, i) => FromEvent(t, pinLow[i])).Skip(warmup);
        var elapsed = TimeSpan.FromSeconds(1);
        return new InputResult(input, new(press, elapsed), new(release, elapsed), new(pressFromEvent, elapsed), new(releaseFromEvent, elapsed));
    }

    private static readonly (DateTime Utc, long Ticks) ClockAnchor = (DateTime.UtcNow, Stopwatch.GetTimestamp());

    /// <summary>A Stopwatch timestamp as Unix milliseconds, on one anchor taken once, so it is as fine as the Stopwatch.</summary>
    private static double HarnessUnixMs(long timestamp) =>
        (ClockAnchor.Utc - DateTime.UnixEpoch).TotalMilliseconds + Stopwatch.GetElapsedTime(ClockAnchor.Ticks, timestamp).TotalMilliseconds;

    /// <summary>Page clock minus harness clock, in ms: from the evaluate round trip with the least time in flight.</summary>
    private static async Task<double> PageClockOffsetAsync(IPage page)
    {
        var best = (Rtt: double.MaxValue, Offset: 0.0);
        for (var i = 0; i < 30; i++)
        {
            var before = Stopwatch.GetTimestamp();
            var pageNow = await page.EvaluateAsync<double>("() => performance.timeOrigin + performance.now()");
            var after = Stopwatch.GetTimestamp();
            var rtt = Stopwatch.GetElapsedTime(before, after).TotalMilliseconds;
            if (rtt < best.Rtt)
            {
                best = (rtt, pageNow - (HarnessUnixMs(before) + HarnessUnixMs(after)) / 2);
            }
        }

        Log($"page clock offset {best.Offset:0.000} ms ± {best.Rtt / 2:0.000} ms (half the shortest evaluate round trip)");
        return best.Offset;
    }

    /// <summary>When one pin of the emulator next reaches a level, as a Stopwatch timestamp taken in its pin-change event.</summary>
    private sealed class PinWatch : IDisposable
    {
        private readonly PigpioEmulator _emulator;
        private readonly int _pin;
        private Armed? _armed;

        public PinWatch(PigpioEmulator emulator, int pin)
        {
            _emulator = emulator;
            _pin = pin;
            emulator.PinChanged += OnChanged;
        }

        public Task<long> Arm(int level)
        {
            var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _armed, new Armed(level, done));
            return done.Task;
        }

        public void Dispose() => _emulator.PinChanged -= OnChanged;

        private sealed record Armed(int Level, TaskCompletionSource<long> Done);

        private void OnChanged(object? sender, PinLevelChangedEventArgs e)
        {
            var at = Stopwatch.GetTimestamp();
            if (e.Pin == _pin && Volatile.Read(ref _armed) is { } armed && armed.Level == e.Level)
            {
                armed.Done.TrySetResult(at);
            }
        }
    }
}
