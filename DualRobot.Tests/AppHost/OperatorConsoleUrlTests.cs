using DualRobot.AppHost;

namespace DualRobot.Tests.AppHost;

/// <summary>Where a new user finds the console: named in the Aspire dashboard and printed in the terminal.</summary>
[Collection(AppHostCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class OperatorConsoleUrlTests(AppHostFixture fixture)
{
    [Fact]
    public async Task Dashboard_ShowsTheFrontendUrlAsOperatorConsole()
    {
        var frontend = fixture.FrontendUrl;
        using var cts = new CancellationTokenSource(AppHostTesting.StartTimeout);

        var ready = await fixture.App.ResourceNotifications.WaitForResourceAsync("frontend",
            e => e.Snapshot.Urls.Any(u => u.DisplayProperties.DisplayName == OperatorConsole.DisplayText), cts.Token);

        var url = Assert.Single(ready.Snapshot.Urls, u => u.DisplayProperties.DisplayName == OperatorConsole.DisplayText);
        Assert.Equal(frontend.ToString().TrimEnd('/'), url.Url.TrimEnd('/'));
    }

    [Fact]
    public async Task Terminal_PrintsTheConsoleUrl_OnceTheFrontendIsHealthy()
    {
        var frontend = fixture.FrontendUrl.ToString().TrimEnd('/');

        // The fixture starts once the frontend is healthy; the event that prints may be handled a moment later.
        await Eventually.True(() => fixture.Logs.GetSnapshot().Any(r => r.Category == OperatorConsole.LoggerCategory),
            "the AppHost printed the console's URL");

        var printed = Assert.Single(fixture.Logs.GetSnapshot(), r => r.Category == OperatorConsole.LoggerCategory);
        Assert.Equal($"Operator console: {frontend}", printed.Message.TrimEnd('/'));
    }
}
