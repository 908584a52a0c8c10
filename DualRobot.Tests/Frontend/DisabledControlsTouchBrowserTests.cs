using DualRobot.Frontend.Operators;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// A touch screen has no hover: a finger held on a disabled control shows why it is off (issue 27), the reason its
/// title gives a mouse. In Chromium with touch, the touches sent as a phone's (CDP), the console and the api in this
/// process, the console on loopback.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class DisabledControlsTouchBrowserTests(ConsoleWithApiOverHttp console, BrowserFixture browser)
    : IClassFixture<ConsoleWithApiOverHttp>, IClassFixture<BrowserFixture>
{
    [RequiresToolFact(Tools.Chromium)]
    public async Task ALongPressOnADisabledControl_SaysWhyItIsOff_OnATouchScreen()
    {
        await using var context = await browser.NewContextAsync(console.Address!, signedIn: false, phone: true);
        var page = await context.NewPageAsync();
        await ConsolePages.SignInAsync(page, ConsoleWithApi.Users[OperatorRoles.Operator], ConsoleWithApi.Password);
        try
        {
            await console.Api.Fleet.EmergencyStopAsync();
            const string Reason = "Emergency stop latched: release it to drive.";
            foreach (var name in new[] { "Linus forward", "Linus joystick: drag to drive, let go to stop" })
            {
                var control = ConsolePages.Button(page, name);
                await Expect(control).ToBeDisabledAsync();
                await Expect(control).ToHaveAttributeAsync("title", Reason);

                var box = await control.BoundingBoxAsync();
                Assert.NotNull(box);
                var touch = await context.NewCDPSessionAsync(page);
                await TouchAsync(touch, "touchStart", box.X + box.Width / 2, box.Y + box.Height / 2);
                var bubble = page.Locator("#why-off");
                await Expect(bubble).ToHaveTextAsync(Reason);
                await Expect(bubble).ToBeInViewportAsync();
                await Expect(bubble).ToHaveAttributeAsync("data-for", name);
                await TouchAsync(touch, "touchEnd");
                await Expect(bubble).ToBeHiddenAsync();
            }
        }
        finally
        {
            console.Api.Fleet.ReleaseEmergencyStop();
        }
    }

    private static Task TouchAsync(ICDPSession session, string type, double x = 0, double y = 0) =>
        session.SendAsync("Input.dispatchTouchEvent", new Dictionary<string, object>
        {
            ["type"] = type,
            ["touchPoints"] = type == "touchEnd" ? Array.Empty<object>() : new object[] { new Dictionary<string, object> { ["x"] = x, ["y"] = y } },
        });
}
