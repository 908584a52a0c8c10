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
        Assert.StartsWith($"Operator console: {frontend}", printed.Message, StringComparison.Ordinal);
        // How to sign in, and where the password is kept: never the password itself.
        Assert.Contains($"sign in as {AppHostFixture.OperatorName}", printed.Message, StringComparison.Ordinal);
        Assert.Contains($"the {ParameterNames.OperatorPassword} parameter", printed.Message, StringComparison.Ordinal);
        Assert.Contains("Aspire dashboard → Parameters", printed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AppHostFixture.OperatorPassword, printed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Readme_SaysWhoToSignInAs_AndWhereThePasswordIs()
    {
        var readme = File.ReadAllText(RepositoryPaths.Combine("README.md"));
        var quickStart = readme[readme.IndexOf("## Quick start", StringComparison.Ordinal)..readme.IndexOf("## Architecture", StringComparison.Ordinal)];

        Assert.Contains("`operator`", quickStart, StringComparison.Ordinal);
        Assert.Contains($"`{ParameterNames.OperatorPassword}`", quickStart, StringComparison.Ordinal);
        Assert.Contains("Parameters", quickStart, StringComparison.Ordinal);
        Assert.Contains("dotnet user-secrets list --project DualRobot.AppHost", quickStart, StringComparison.Ordinal);
    }
}
