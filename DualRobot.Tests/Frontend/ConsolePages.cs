using DualRobot.Tests.AppHost;
using Microsoft.Playwright;

namespace DualRobot.Tests.Frontend;

/// <summary>How the tests find their way around the console page.</summary>
internal static class ConsolePages
{
    public static Task SignInAsync(IPage page) => SignInAsync(page, AppHostFixture.OperatorName, AppHostFixture.OperatorPassword);

    public static async Task SignInAsync(IPage page, string user, string password)
    {
        await page.GotoAsync("/Account/SignIn");
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
    }

    public static ILocator Button(IPage page, string name) =>
        page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public static ILocator Card(IPage page, string robot) => page.Locator($"[data-robot-card][data-robot=\"{robot}\"]");

    /// <summary>Waits until the page's command socket is open: from then on its motion commands go there, not as requests.</summary>
    public static Task CommandSocketOpenAsync(IPage page) =>
        Assertions.Expect(page.Locator("html[data-command-socket='open']")).ToHaveCountAsync(1);

    /// <summary>
    /// Where the page draws a world point (metres), in CSS pixels of the arena's canvas, in the view that fits the arena
    /// (arena-view.js): the simulated arena centred, filling the canvas along its shorter side but for a margin of half
    /// the least marker and 2 px on each side, +x to the right and +y up.
    /// </summary>
    public static async Task<(double X, double Y)> ArenaPointAsync(IPage page, double arenaWidth, double arenaHeight, double x, double y)
    {
        const double Margin = (26 / 2) + 2;
        var size = await page.EvaluateAsync<double[]>("() => { const canvas = document.getElementById('arena'); return [canvas.clientWidth, canvas.clientHeight]; }");
        var (width, height) = (size[0], size[1]);
        var scale = Math.Min((width - 2 * Margin) / arenaWidth, (height - 2 * Margin) / arenaHeight);
        return (width / 2 + x * scale, height / 2 - y * scale);
    }

    /// <summary>Presses the mouse over a button and keeps it down: pointerdown, like a finger on the D-pad.</summary>
    public static async Task PressAndHoldAsync(IPage page, ILocator button)
    {
        await button.HoverAsync();
        await page.Mouse.DownAsync();
    }
}
