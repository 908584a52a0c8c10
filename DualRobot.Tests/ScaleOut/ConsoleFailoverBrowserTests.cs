using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using DualRobot.Tests.Frontend;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace DualRobot.Tests.ScaleOut;

/// <summary>
/// An operator drives from Chromium through the load balancer while the console that holds the page's command socket
/// is killed, and then while the balancer stalls. The page is back on the other replica by itself, still signed in;
/// a robot whose commands stop arriving is stopped by its lease; and the commands the page was told had failed, which
/// reach the console after the stall, are refused there: nothing moves after the lease stopped the robot.
/// </summary>
[Collection(ScaleOutCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed partial class ConsoleFailoverBrowserTests(ScaleOutFixture system, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const string Robot = "Linus";

    /// <summary>Turning on the spot: the robot's pose changes as long as it moves, and no wall of the arena stops it.</summary>
    private const string Turn = "left";

    /// <summary>The page's lease (holds.js LEASE_MS).</summary>
    private const int LeaseMs = 500;

    /// <summary>Scheduling and polling on a slow shared CI machine, on top of the lease.</summary>
    private static readonly TimeSpan LoadedMachineMargin = TimeSpan.FromSeconds(5);

    [RequiresToolFact(Tools.RedisServer, Tools.Nginx, Tools.Chromium)]
    public async Task ConsoleHoldingTheSocketKilled_PageReconnectsSignedIn_LeaseStopsTheRobot_NoFailedCommandActsLater()
    {
        system.Require();
        var api = system.Api(ScaleOutFixture.ShardOf(Robot));
        await using var context = await browser.NewContextAsync(system.Balancer.Address, signedIn: false);
        var page = await context.NewPageAsync();
        // Counted before the sign-in: the console page opens its socket as soon as it loads.
        var opened = SocketsOpened();
        await ConsolePages.SignInAsync(page, ScaleOutFixture.Supervisor, ScaleOutFixture.Password);
        await ConsolePages.CommandSocketOpenAsync(page);
        await Eventually.True(() => SocketsOpened().Sum() > opened.Sum(), "a console logged the page's socket");
        var holder = SocketsOpened()[0] > opened[0] ? 0 : 1;
        var other = 1 - holder;
        var turn = ConsolePages.Card(page, Robot).Locator($"button[data-direction='{Turn}']");
        var frozen = false;
        try
        {
            await ConsolePages.PressAndHoldAsync(page, turn);
            await Eventually.True(async () => await MotionAsync(api) == Turn, $"{Robot} turns");

            // The console with the socket dies: the page carries on through the balancer, on the other replica, still
            // signed in. Whether the hold outlived the failover depends on how long it took: either the robot still
            // turns, renewed through the other console, or its lease stopped it (a renewal does not restart a stopped
            // robot, so it stays stopped until the next press).
            var reopened = SocketsOpened()[other];
            var deadmanStops = DeadmanStops(api);
            await system.KillConsoleAsync(holder);
            await Eventually.True(() => SocketsOpened()[other] > reopened, "the page's socket is open again, on the other console", TimeSpan.FromMinutes(1));
            await ConsolePages.CommandSocketOpenAsync(page);
            var renewedAt = await VersionAsync(api);
            await Eventually.True(
                async () => DeadmanStops(api) > deadmanStops || (await MotionAsync(api) == Turn && await VersionAsync(api) > renewedAt),
                $"{Robot} either still turns through the other console or was stopped by its lease");
            await page.Mouse.UpAsync();
            await Eventually.True(async () => await MotionAsync(api) == "stop", $"{Robot} stops on release");
            await Assertions.Expect(ConsolePages.Card(page, Robot).Locator("[data-field='message']")).Not.ToContainTextAsync("sign in");

            // The next hold drives through the surviving console: no new sign-in.
            await ConsolePages.PressAndHoldAsync(page, turn);
            await Eventually.True(async () => await MotionAsync(api) == Turn, $"{Robot} turns again, through the other console");

            // The balancer stalls with the operator's finger still down: nothing reaches the robot, its lease stops it.
            deadmanStops = DeadmanStops(api);
            var frozenAt = DateTimeOffset.UtcNow;
            system.Balancer.Freeze();
            frozen = true;
            await Eventually.True(async () => await MotionAsync(api) == "stop", $"{Robot} stopped while the operator still holds");
            var stoppedAt = DateTimeOffset.UtcNow;
            Assert.True(DeadmanStops(api) > deadmanStops, $"{Robot} was stopped by its lease (the api's deadman)");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Stop seen {(stoppedAt - frozenAt).TotalMilliseconds:F0} ms after the balancer stalled (lease {LeaseMs} ms; polled through the api)."));
            // The deadman fires when the lease of the last renewal that got through runs out: within the lease of the
            // stall, give or take a loaded machine's scheduling; the bound is the issue's, the margin generous.
            Assert.InRange(stoppedAt - frozenAt, TimeSpan.Zero, TimeSpan.FromMilliseconds(LeaseMs) + LoadedMachineMargin);
            await Assertions.Expect(ConsolePages.Card(page, Robot).Locator("[data-field='message']")).ToContainTextAsync("No answer within");
            await page.Mouse.UpAsync();
            // The page has given up on every command it sent into the stall (the release's stop included): each is
            // shown as failed, none is in flight.
            await Assertions.Expect(ConsolePages.Card(page, Robot).Locator("[aria-busy='true']")).ToHaveCountAsync(0);

            // The stall ends: what the page gave up on reaches the console late and is not sent on.
            var late = LateCommands(other);
            system.Balancer.Thaw();
            frozen = false;
            await Eventually.True(() => LateCommands(other) > late, "the console refused the commands that reached it after the page gave up on them");
            await Eventually.True(async () => (await AuditSinceAsync(api, stoppedAt)).Any(IsStop), "the release's stop reached the robot");

            var moved = (await AuditSinceAsync(api, stoppedAt)).Where(record => !IsStop(record) && IsAcceptedMotion(record)).ToList();
            Assert.True(moved.Count == 0, $"commands acted after the lease stopped {Robot}: {string.Join("; ", moved)}");
            Assert.Equal("stop", await MotionAsync(api));

            // Still signed in: the next hold drives.
            await ConsolePages.PressAndHoldAsync(page, turn);
            await Eventually.True(async () => await MotionAsync(api) == Turn, $"{Robot} turns again");
            await page.Mouse.UpAsync();
            await Eventually.True(async () => await MotionAsync(api) == "stop", $"{Robot} stops on release");
        }
        finally
        {
            if (frozen)
            {
                system.Balancer.Thaw();
            }

            await page.Mouse.UpAsync();
            await context.CloseAsync();
            if (!IsRunning(holder))
            {
                await system.StartConsoleAsync(holder);
            }
        }
    }

    /// <summary>How many times the api's deadman has stopped <see cref="Robot"/> (its log line).</summary>
    private static int DeadmanStops(ApiProcess api) =>
        Regex.Count(api.Output, $"Robot {Robot}: lease expired with no heartbeat; stopped by the deadman");

    private bool IsRunning(int console)
    {
        try
        {
            return !system.Console(console).HasExited;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>How many sockets each console has logged as opened (0 for one that is not running).</summary>
    private int[] SocketsOpened() => [Count(0, SocketOpenedLine()), Count(1, SocketOpenedLine())];

    private int LateCommands(int console) => Count(console, LateCommandLine());

    private int Count(int console, Regex line) => IsRunning(console) ? line.Count(system.Console(console).Output) : 0;

    private static async Task<string?> MotionAsync(ApiProcess api) => (await StateAsync(api)).GetProperty("motion").GetString();

    private static async Task<long> VersionAsync(ApiProcess api) => (await StateAsync(api)).GetProperty("version").GetInt64();

    private static async Task<JsonElement> StateAsync(ApiProcess api)
    {
        using var http = api.CreateClient();
        return await http.GetFromJsonAsync<JsonElement>($"/robots/{Robot}");
    }

    private static async Task<IReadOnlyList<JsonElement>> AuditSinceAsync(ApiProcess api, DateTimeOffset since)
    {
        using var http = api.CreateClient();
        var records = await http.GetFromJsonAsync<JsonElement>($"/audit?robot={Robot}&limit=1000&since={Uri.EscapeDataString(since.ToString("O"))}");
        return records.EnumerateArray().ToList();
    }

    private static bool IsStop(JsonElement record) =>
        record.GetProperty("action").GetString() == RobotActions.Stop
        || (record.TryGetProperty("parameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object
            && parameters.TryGetProperty("direction", out var direction) && direction.GetString() == "stop");

    private static bool IsAcceptedMotion(JsonElement record) =>
        record.GetProperty("outcome").GetString() == "accepted"
        && record.GetProperty("action").GetString() is RobotActions.Drive or RobotActions.Velocity;

    [GeneratedRegex("Operator operator opened the command socket")]
    private static partial Regex SocketOpenedLine();

    [GeneratedRegex("reached the console after the page had given up on it")]
    private static partial Regex LateCommandLine();
}
