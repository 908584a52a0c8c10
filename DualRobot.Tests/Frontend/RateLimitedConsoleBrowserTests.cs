using DualRobot.Tests.AppHost;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// An AppHost of its own, started fresh (no servo ever set) with the api's rate limit set low, so that the console's
/// heartbeats are refused 429 while the operator holds a robot.
/// </summary>
public sealed class RateLimitedAppHostFixture : IAsyncLifetime
{
    /// <summary>Below the console's renewal rate (one heartbeat every 150 ms): a hold soon meets a 429.</summary>
    public const int MaxCommandsPerSecond = 3;

    public DistributedApplication App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = await AppHostTesting.CreateAsync();
        builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "api").Annotations.Add(
            new EnvironmentCallbackAnnotation(context =>
                context.EnvironmentVariables["Control__MaxCommandsPerSecond"] = MaxCommandsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        App = await builder.WithoutOtlpExport().StartAsync();
    }

    public Task DisposeAsync() => AppHostTesting.StopAndDisposeAsync(App);
}

/// <summary>Issue 18: a refused heartbeat never ends a hold without a stop. Issue 13: a servo never set shows no angle.</summary>
[Trait(Tier.Name, Tier.EndToEnd)]
[Collection(AppHostCollection.Name)] // one at a time with the other browser tests: two cores
public sealed class RateLimitedConsoleBrowserTests(RateLimitedAppHostFixture fixture, BrowserFixture browser)
    : IClassFixture<RateLimitedAppHostFixture>, IClassFixture<BrowserFixture>
{
    private readonly ApiState _api = new(fixture.App);

    private Uri FrontendUrl => fixture.App.GetEndpoint("frontend", "http");

    [RequiresToolFact(Tools.Chromium)]
    public async Task AHeartbeatRefused429_IsShown_AndReleasingStillSendsAStop()
    {
        await using var context = await browser.NewContextAsync(FrontendUrl, signedIn: true);
        var page = await context.NewPageAsync();
        try
        {
            var commands = await CommandSocketTap.AttachAsync(page);
            await page.GotoAsync("/");
            await ConsolePages.CommandSocketOpenAsync(page);

            await ConsolePages.PressAndHoldAsync(page, ConsolePages.Button(page, "Linus forward"));
            await Eventually.True(() => commands.Answers.Any(answer => answer is { Command: { Command: "heartbeat", Robot: "Linus" }, Status: 429 }),
                "a heartbeat was refused with 429");
            await Expect(ConsolePages.Card(page, "Linus").Locator("[data-field=message]")).ToContainTextAsync("Too many commands");

            var stopsBefore = await _api.StopsAsync("Linus");
            await page.Mouse.UpAsync();

            // The page sent the stop, and the api took it (stops are never rate limited): not the deadman's doing.
            await Eventually.True(() => commands.Sent.Any(command => command is { Robot: "Linus", IsStop: true }), "the release sent a stop");
            await Eventually.True(async () => await _api.StopsAsync("Linus") > stopsBefore, "the release's stop reached the api");
            await _api.WaitForMotionAsync("Linus", "stop");
        }
        finally
        {
            await _api.ResetAsync();
        }
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task AServoNeverSet_ShowsNoAngle_AndTheAngleItShowsCanBeSent()
    {
        await using var context = await browser.NewContextAsync(FrontendUrl, signedIn: true);
        var page = await context.NewPageAsync();
        try
        {
            var servo = (await _api.RobotAsync("Linus")).GetProperty("servos")[1];
            Assert.Equal(System.Text.Json.JsonValueKind.Null, servo.GetProperty("angle").ValueKind);
            await page.GotoAsync("/");
            var card = ConsolePages.Card(page, "Linus");
            var slider = page.GetByLabel("Servo 2", new() { Exact = true });

            await Expect(card.Locator("[data-servo-angle='1']")).ToHaveTextAsync("not set");
            await Expect(slider).ToHaveAttributeAsync("data-unset", "");
            await Expect(slider.Locator("xpath=following-sibling::output")).ToHaveTextAsync("—");

            // A click where the slider already is (its middle, 0°) sends that angle: nothing had to change first.
            await slider.ClickAsync();
            var angle = double.Parse(await slider.InputValueAsync(), System.Globalization.CultureInfo.InvariantCulture);
            await _api.WaitForRobotAsync("Linus",
                state => state.GetProperty("servos")[1].GetProperty("angle") is { ValueKind: System.Text.Json.JsonValueKind.Number } sent && sent.GetDouble() == angle,
                $"servo 2 at {angle}°");
            await Expect(card.Locator("[data-servo-angle='1']")).ToHaveTextAsync($"{angle}°");
            await Expect(slider).Not.ToHaveAttributeAsync("data-unset", "");
        }
        finally
        {
            await _api.ResetAsync();
        }
    }
}
