using System.Text.RegularExpressions;
using DualRobot.Frontend.Operators;
using DualRobot.Tests.Audit;
using DualRobot.Tests.Frontend;
using static Microsoft.Playwright.Assertions;

namespace DualRobot.Tests.Security;

/// <summary>
/// Issue 25, point 3, as the operators see it: refusals counted in one record still show truthfully in the console's
/// Activity panel (Chromium), with their count and the time of the first and the last, and the row follows the count.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed partial class ActivityRefusalsBrowserTests(ConsoleWithApiOverHttp console, BrowserFixture browser)
    : IClassFixture<ConsoleWithApiOverHttp>, IClassFixture<BrowserFixture>
{
    [RequiresToolFact(Tools.Chromium)]
    public async Task RepeatedRefusals_ShowAsOneRow_WithTheirCountFirstAndLast_KeptUpToDate()
    {
        using var api = console.Api.CreateAuthorizedClient();
        (await api.SendAsAsync("otto", "POST", "/estop", null, System.Net.HttpStatusCode.OK)).Dispose();
        await RefusedDrivesAsync(api, 37);
        await using var context = await browser.NewContextAsync(console.Address!, signedIn: false);
        var page = await context.NewPageAsync();
        await ConsolePages.SignInAsync(page, ConsoleWithApi.Users[OperatorRoles.Supervisor], ConsoleWithApi.Password);

        var refusals = page.Locator("[data-activity] [data-action=drive][data-outcome=estopped]");
        await Expect(refusals).ToHaveCountAsync(1);
        await Expect(refusals.Locator(".activity-outcome")).ToHaveTextAsync(Counted(37));

        await RefusedDrivesAsync(api, 3);
        await Expect(refusals.Locator(".activity-outcome")).ToHaveTextAsync(Counted(40));
        await Expect(refusals).ToHaveCountAsync(1);
        (await api.SendAsAsync("sue", "POST", "/estop/release", null, System.Net.HttpStatusCode.OK, OperatorRoles.Supervisor)).Dispose();
    }

    private static async Task RefusedDrivesAsync(HttpClient api, int count)
    {
        for (var i = 0; i < count; i++)
        {
            (await api.SendAsAsync("otto", "POST", "/robots/linus/drive", """{"direction":"forward"}""", System.Net.HttpStatusCode.Conflict)).Dispose();
        }
    }

    private static Regex Counted(int count) => new($"^estopped ×{count} between \\d{{1,2}}:\\d{{2}}:\\d{{2}}.* and \\d{{1,2}}:\\d{{2}}:\\d{{2}}");
}
