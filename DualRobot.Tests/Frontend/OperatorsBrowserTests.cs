using DualRobot.Frontend.Operators;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// Two users at two consoles in Chromium, one robot: the driver on the card, a confirmed take-over, the previous
/// driver told at once, and the Activity panel. The console and the api run in this process, the console on loopback.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class OperatorsBrowserTests(ConsoleWithApiOverHttp console, BrowserFixture browser)
    : IClassFixture<ConsoleWithApiOverHttp>, IClassFixture<BrowserFixture>
{
    [RequiresToolFact(Tools.Chromium)]
    public async Task TakingControl_IsConfirmed_StopsTheRobot_AndTellsThePreviousDriverAtOnce()
    {
        await using var ottoContext = await browser.NewContextAsync(console.Address!, signedIn: false);
        await using var sueContext = await browser.NewContextAsync(console.Address!, signedIn: false);
        var otto = await SignInAsync(ottoContext, ConsoleWithApi.Users[OperatorRoles.Operator]);
        var sue = await SignInAsync(sueContext, ConsoleWithApi.Users[OperatorRoles.Supervisor]);

        // Otto drives Linus: both cards say so; Sue is offered the take-over, Otto is not.
        await ConsolePages.PressAndHoldAsync(otto, ConsolePages.Button(otto, "Linus forward"));
        await Eventually.True(() => console.Api.Robot("Linus").GetState().Motion == Direction.Forward, "Otto's hold drives Linus");
        await Expect(Driver(sue, "Linus")).ToHaveTextAsync("otto");
        await Expect(Driver(otto, "Linus")).ToHaveTextAsync("otto");
        await Expect(ConsolePages.Card(otto, "Linus").Locator("[data-take-control-form]")).ToBeHiddenAsync();

        // The take-over needs its confirmation: opening the form sends nothing.
        var takeControl = ConsolePages.Card(sue, "Linus").Locator("[data-take-control-form]");
        await takeControl.Locator("summary").ClickAsync();
        Assert.Equal("otto", console.Api.Robot("Linus").GetState().Driver);
        await ConsolePages.Button(sue, "Stop and take control").ClickAsync();

        await Expect(Driver(sue, "Linus")).ToHaveTextAsync("sue");
        Assert.Equal(Direction.Stop, console.Api.Robot("Linus").GetState().Motion);
        await Expect(ConsolePages.Card(sue, "Linus").Locator("[data-field=driver-notice]")).ToContainTextAsync("You have control of Linus");
        await Expect(ConsolePages.Card(otto, "Linus").Locator("[data-field=driver-notice]")).ToContainTextAsync("sue took control of Linus");
        await otto.Mouse.UpAsync();

        // Sue's Activity panel lists the take-over, and filtering by another robot hides it.
        var activity = sue.Locator("[data-activity]");
        await Expect(activity.Locator("[data-action=take-control]").First).ToContainTextAsync("sue");
        await activity.Locator("[data-activity-filter]").SelectOptionAsync("Torvalds");
        await Expect(activity.Locator("[data-action=take-control]")).ToHaveCountAsync(0);
        await activity.Locator("[data-activity-filter]").SelectOptionAsync("Linus");
        await Expect(activity.Locator("[data-action=take-control]").First).ToBeVisibleAsync();

        // Otto's next command is refused and says by whom.
        await ConsolePages.Button(otto, "Linus eye blink").ClickAsync();
        await Expect(ConsolePages.Card(otto, "Linus").Locator("[data-field=message]")).ToContainTextAsync("in use by sue");
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task Viewer_SeesTheActivity_ButNoControls()
    {
        await using var context = await browser.NewContextAsync(console.Address!, signedIn: false);
        var vera = await SignInAsync(context, ConsoleWithApi.Users[OperatorRoles.Viewer]);

        await Expect(vera.Locator("[data-activity]")).ToBeVisibleAsync();
        await Expect(vera.Locator("[data-activity] [data-action=sign-in]").First).ToContainTextAsync("vera");
        await Expect(ConsolePages.Button(vera, "Linus forward")).ToHaveCountAsync(0);
        await Expect(ConsolePages.Button(vera, "Emergency stop")).ToHaveCountAsync(0);
        await Expect(vera.Locator(".readonly-note")).ToContainTextAsync("viewer");
    }

    private static ILocator Driver(IPage page, string robot) =>
        ConsolePages.Card(page, robot).Locator(".driver-line [data-field=driver]");

    private static async Task<IPage> SignInAsync(IBrowserContext context, string user)
    {
        var page = await context.NewPageAsync();
        await ConsolePages.SignInAsync(page, user, ConsoleWithApi.Password);
        return page;
    }
}
