using System.Diagnostics;
using System.Net.Http.Json;
using DualRobot.Tests.AppHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// The frontend loses the api (stopped through the AppHost, as a crash or a redeploy would): the console says so,
/// commands fail with a clear message, and when the api is back the live state resumes without a reload.
/// Tests in one collection run one at a time, so stopping the shared api here disturbs no other test.
/// </summary>
[Collection(AppHostCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class ApiOutageTests(AppHostFixture fixture, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [RequiresToolFact(Tools.Chromium)]
    public async Task KilledApi_IsSaidUnreachable_WithWhatIsDoneAboutIt_AndTheAppHostStartsItAgain()
    {
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true);
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/");
            var card = ConsolePages.Card(page, "Linus");
            await Expect(card.Locator("[data-field=connection]")).ToHaveTextAsync("connected");
            var started = CurrentStart();

            // What a crash or the OOM killer does: the api process ends at once.
            Process.GetProcessById(ApiProcessId()).Kill();

            // The page says so, and what is being done: the console reconnects, whatever runs the api starts it again
            // (before: "Retrying by itself…", while nothing restarted it, and the card kept "forward").
            var banner = page.Locator("#banner-api");
            await Expect(banner).ToBeVisibleAsync(new() { Timeout = (float)Limit.TotalMilliseconds });
            await Expect(banner).ToContainTextAsync("unreachable since");
            await Expect(banner).ToContainTextAsync("A crashed api is started again by what runs it (the AppHost");
            await Expect(banner).Not.ToContainTextAsync("Retrying");

            // And the AppHost does start it again: the page is live once more, without a reload.
            await Eventually.True(() => CurrentStart() != started, "the AppHost started the api again", Limit);
            using var cts = new CancellationTokenSource(Limit);
            await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync("api", cts.Token);
            await Expect(banner).ToBeHiddenAsync(new() { Timeout = (float)Limit.TotalMilliseconds });
            await Expect(card.Locator("[data-field=connection]")).ToHaveTextAsync("connected");
            await Expect(card.Locator("[data-field=motion]")).ToHaveTextAsync("stop");
        }
        finally
        {
            using var cts = new CancellationTokenSource(Limit);
            await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync("api", cts.Token);
            await new ApiState(fixture).ResetAsync();
        }
    }

    /// <summary>When the api resource's current process started (a new one after a restart).</summary>
    private DateTime? CurrentStart() =>
        fixture.App.ResourceNotifications.TryGetCurrentState("api", out var current) ? current.Snapshot.StartTimeStamp : null;

    /// <summary>
    /// The api's own process: DCP runs <c>dotnet run</c>, which runs the api as its child. Killing the child is the
    /// crash; <c>dotnet run</c> then exits with it.
    /// </summary>
    private int ApiProcessId()
    {
        Assert.True(fixture.App.ResourceNotifications.TryGetCurrentState("api", out var current));
        var launcher = Convert.ToInt32(current.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value,
            System.Globalization.CultureInfo.InvariantCulture);
        var children = Directory.EnumerateDirectories($"/proc/{launcher}/task")
            .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pid => int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture))
            .Where(pid => File.ReadAllText($"/proc/{pid}/cmdline").Contains("DualRobot.Api", StringComparison.Ordinal))
            .ToList();
        return children.Count == 1 ? children[0] : launcher;
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task ApiGoesAway_ConsoleShowsIt_CommandsFailClearly_ThenLiveStateResumes()
    {
        var commands = fixture.App.Services.GetRequiredService<ResourceCommandService>();
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page.Locator("#banner-api")).ToBeHiddenAsync();

        var stopped = false;
        try
        {
            var stop = await commands.ExecuteCommandAsync("api", KnownResourceCommands.StopCommand);
            Assert.True(stop.Success, stop.Message);
            stopped = true;

            await Expect(page.Locator("#banner-api")).ToBeVisibleAsync(new() { Timeout = (float)Limit.TotalMilliseconds });
            var card = ConsolePages.Card(page, "Torvalds");

            // Nothing claims to be connected, driving is off and says why; stop stays usable and its failure shows.
            foreach (var robot in new[] { "Linus", "Torvalds" })
            {
                await Expect(ConsolePages.Card(page, robot).Locator("[data-field=connection]")).Not.ToHaveTextAsync("connected");
                await Expect(ConsolePages.Card(page, robot).Locator("[data-field=connection]")).ToContainTextAsync("unknown");
            }

            await Expect(ConsolePages.Button(page, "Torvalds forward")).ToBeDisabledAsync();
            await Expect(card.Locator("[data-field=blocked]")).ToContainTextAsync("Control api unreachable");
            await ConsolePages.Button(page, "Stop Torvalds").ClickAsync();
            await Expect(card.Locator("[data-field=message]")).ToContainTextAsync("Control API unreachable",
                new() { Timeout = (float)Limit.TotalMilliseconds });

            var start = await commands.ExecuteCommandAsync("api", KnownResourceCommands.StartCommand);
            Assert.True(start.Success, start.Message);
            stopped = false;
            using var cts = new CancellationTokenSource(Limit);
            await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync("api", cts.Token);

            await Expect(page.Locator("#banner-api")).ToBeHiddenAsync(new() { Timeout = (float)Limit.TotalMilliseconds });

            // The refusal clears with its cause, and driving is back on.
            await Expect(card.Locator("[data-field=message]")).ToBeEmptyAsync();
            await Expect(ConsolePages.Button(page, "Torvalds forward")).ToBeEnabledAsync();
            await Expect(card.Locator("[data-field=connection]")).ToHaveTextAsync("connected");

            // A command from elsewhere shows on the open page: the live stream came back by itself.
            using var api = fixture.CreateHttpClient("api");
            api.DefaultRequestHeaders.Authorization = new("Bearer", AppHostFixture.ApiKey);
            using var eye = await api.PostAsJsonAsync("/robots/Torvalds/eye", new { state = "on" });
            eye.EnsureSuccessStatusCode();
            await Expect(ConsolePages.Card(page, "Torvalds").Locator("[data-field=eye]"))
                .ToHaveTextAsync("on", new() { Timeout = (float)Limit.TotalMilliseconds });
        }
        finally
        {
            if (stopped)
            {
                await commands.ExecuteCommandAsync("api", KnownResourceCommands.StartCommand);
            }

            using var cts = new CancellationTokenSource(Limit);
            await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync("api", cts.Token);
            await new ApiState(fixture).ResetAsync();
        }
    }
}
