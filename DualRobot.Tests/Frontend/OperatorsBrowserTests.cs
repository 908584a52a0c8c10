using System.Text.RegularExpressions;
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
    public async Task ARefusedPress_SendsNoStopWhenLetGo_AndAStopBySomeoneElse_TellsTheDriverWhoAndEndsTheirHold()
    {
        await using var ottoContext = await browser.NewContextAsync(console.Address!, signedIn: false);
        await using var sueContext = await browser.NewContextAsync(console.Address!, signedIn: false);
        var otto = await SignInAsync(ottoContext, ConsoleWithApi.Users[OperatorRoles.Operator]);
        var suePage = await sueContext.NewPageAsync();
        var sueSent = await CommandSocketTap.AttachAsync(suePage);
        await ConsolePages.SignInAsync(suePage, ConsoleWithApi.Users[OperatorRoles.Supervisor], ConsoleWithApi.Password);
        var sue = suePage;
        await ConsolePages.CommandSocketOpenAsync(sue);
        await ReleaseAsync("Linus"); // whoever drove it in another test
        try
        {
            // Otto holds W on Linus.
            await otto.Keyboard.DownAsync("w");
            await Eventually.True(() => console.Api.Robot("Linus").GetState().Motion == Direction.Forward, "Otto drives Linus");
            await Expect(Driver(sue, "Linus")).ToHaveTextAsync("otto");
            // Times are in UTC and say so, as the api's refusals do.
            await Expect(ConsolePages.Card(sue, "Linus").Locator("[data-field=driver-since]")).ToHaveTextAsync(new Regex(@"^\d{2}:\d{2}:\d{2} UTC$"));

            // Sue taps W: refused, Linus is Otto's. Her key's release sends no stop (before, it stopped Linus).
            await sue.Keyboard.PressAsync("w");
            var sueMessage = ConsolePages.Card(sue, "Linus").Locator("[data-field=message]");
            await Expect(sueMessage).ToContainTextAsync("in use by otto");
            await Expect(sueMessage).ToContainTextAsync("UTC");
            // The page's commands to a robot leave in order: once her second tap's drive is out, a stop from the first
            // tap's release would have been sent before it.
            await sue.Keyboard.PressAsync("w");
            await Eventually.True(() => sueSent.Sent.Count(command => command is { Command: "drive", Robot: "Linus", IsStop: false }) >= 2, "Sue's second tap left");
            Assert.DoesNotContain(sueSent.Sent, command => command is { Robot: "Linus", IsStop: true });
            Assert.Equal(Direction.Forward, console.Api.Robot("Linus").GetState().Motion);

            // Sue stops Linus with its Stop button: Otto's page says who, and his hold ends where he sees it.
            await ConsolePages.Button(sue, "Stop Linus").ClickAsync();
            var ottoCard = ConsolePages.Card(otto, "Linus");
            await Expect(ottoCard.Locator("[data-field=driver-notice]")).ToHaveTextAsync("Linus was stopped by sue: let go and press again to drive.");
            await Expect(ottoCard).ToHaveAttributeAsync("data-holding", "");
            await Expect(ConsolePages.Button(otto, "Linus forward")).Not.ToHaveClassAsync(new Regex("is-active"));
            Assert.Equal("sue", console.Api.Robot("Linus").GetState().StoppedBy);
            Assert.Equal(Direction.Stop, console.Api.Robot("Linus").GetState().Motion);

            // Otto lets go and presses W again: he drives, and the notice goes.
            await otto.Keyboard.UpAsync("w");
            await otto.Keyboard.DownAsync("w");
            await Eventually.True(() => console.Api.Robot("Linus").GetState().Motion == Direction.Forward, "Otto drives Linus again");
            await Expect(ottoCard.Locator("[data-field=driver-notice]")).ToBeHiddenAsync();
            await otto.Keyboard.UpAsync("w");
            await Eventually.True(() => console.Api.Robot("Linus").GetState().Motion == Direction.Stop, "Otto's release stopped Linus");

            // Sue takes control: her card no longer says Linus is in use by Otto.
            await ConsolePages.Card(sue, "Linus").Locator("[data-take-control-form] summary").ClickAsync();
            await ConsolePages.Button(sue, "Stop and take control").ClickAsync();
            await Expect(Driver(sue, "Linus")).ToHaveTextAsync("sue");
            await Expect(sueMessage).ToBeEmptyAsync();
        }
        finally
        {
            await otto.Keyboard.UpAsync("w");
            await ReleaseAsync("Linus");
        }
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

    /// <summary>Stops the robot and frees its claim, so the next test finds it free.</summary>
    private async Task ReleaseAsync(string robot)
    {
        var fleet = console.Api.Robot(robot);
        await fleet.StopAsync();
        foreach (var user in ConsoleWithApi.Users.Values)
        {
            fleet.ReleaseControl(user);
        }
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
