using DualRobot.Frontend.Live;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// A console whose api died behind a proxy, in Chromium (issue 26, point 5): the page renders at once from the last
/// known states without asking the dead api anything, says the api is unreachable and what is done about it, shows
/// no motion it cannot vouch for, and a command says the api is unreachable rather than slow.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class DeadApiBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [RequiresToolFact(Tools.Chromium)]
    public async Task ThePage_RendersAtOnceWithoutAskingTheDeadApi_SaysItIsUnreachable_AndSoDoesACommand()
    {
        await using var api = new DeadApiServer();
        await using var console = new FrontendFactory(new Dictionary<string, string?>
        {
            ["Api:BaseAddress"] = api.Address.ToString(),
            ["Control:ApiKey"] = "dead-api-test-key-0123456789",
            // The console's answer comes at its 800 ms deadline; the page's usual 200 ms on top is not always enough on
            // a loaded machine (it then says "no answer within 1 s", also true): what is tested is the console's answer.
            ["Api:PageMargin"] = "00:00:10",
        });
        console.UseKestrel(0);
        console.StartServer();
        var address = new Uri(console.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var hub = console.Services.GetRequiredService<ConsoleEventHub>();
        await Eventually.True(() => api.Died && hub.ApiKnown && !hub.ApiReachable && hub.States.Count == 2, "the console lost the api's stream");

        await using var context = await browser.NewContextAsync(address, signedIn: false);
        var page = await context.NewPageAsync();
        await ConsolePages.SignInAsync(page, "operator", FrontendFactory.OperatorPassword);

        // Rendered from the last known states, not from a call the dead api would never answer (it took 5 s).
        Assert.DoesNotContain(api.Requests, request => request.StartsWith("GET /robots ", StringComparison.Ordinal));
        var banner = page.Locator("#banner-api");
        await Expect(banner).ToBeVisibleAsync();
        await Expect(banner).ToContainTextAsync("The control api has been unreachable since");
        await Expect(banner).ToContainTextAsync("A crashed api is started again by what runs it");
        await Expect(banner).ToContainTextAsync("this page reconnects the moment it answers");
        var card = ConsolePages.Card(page, "Linus");
        await Expect(card.Locator("[data-field=motion]")).ToHaveTextAsync("unknown"); // its last known state said forward
        await Expect(card.Locator("[data-field=connection]")).ToHaveTextAsync("unknown: api unreachable");

        // Stop is never off: it goes, and its failure says the api is unreachable (it said "did not answer within 800 ms").
        await ConsolePages.Button(page, "Stop Linus").ClickAsync();
        await Expect(card.Locator("[data-field=message]")).ToContainTextAsync("The control api is unreachable");
        await Expect(card.Locator("[data-field=message]")).Not.ToContainTextAsync("did not answer");
    }
}
