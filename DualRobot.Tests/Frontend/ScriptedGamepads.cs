using Microsoft.Playwright;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// A scripted <c>navigator.getGamepads</c>, installed before the page's own script runs: <c>window.__pad(index, id)</c>
/// plugs in a standard-mapping pad whose axes and buttons the test then sets; <c>window.__pads</c> is what the page polls.
/// </summary>
internal static class ScriptedGamepads
{
    private const string Script = """
        (() => {
          const button = () => ({ pressed: false, touched: false, value: 0 });
          window.__pads = [];
          window.__pad = (index, id) => {
            const pad = { index, id, connected: true, mapping: 'standard', timestamp: 0, axes: [0, 0, 0, 0], buttons: Array.from({ length: 17 }, button) };
            window.__pads[index] = pad;
            // As a browser does when a pad is first used; the page polls only while one is plugged in.
            window.dispatchEvent(new Event('gamepadconnected'));
            return pad;
          };
          Object.defineProperty(Navigator.prototype, 'getGamepads', { value: () => window.__pads, configurable: true });
        })();
        """;

    public static Task InstallAsync(IBrowserContext context) => context.AddInitScriptAsync(Script);

    /// <summary>Pad <paramref name="index"/> drives straight ahead with its enable button (LB) held.</summary>
    public static Task DriveForwardAsync(IPage page, int index) =>
        page.EvaluateAsync("index => { window.__pads[index].axes[1] = -1; window.__pads[index].buttons[4].pressed = true; }", index);

    /// <summary>Resolves after two animation frames: the page has polled the pads at least once since.</summary>
    public static Task TwoFramesAsync(IPage page) =>
        page.EvaluateAsync("() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)))");
}
