using System.Globalization;
using System.Text.Json;
using DualRobot.Tests.AppHost;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// The arena shows where the api says each robot is (issue 13): after a velocity move and after a pose reset, the
/// legend reads the api's pose and the robot's marker is drawn there, in the colour of its legend dot. End to end,
/// against the running AppHost's simulated robots.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
[Collection(AppHostCollection.Name)]
public sealed class ArenaBrowserTests(AppHostFixture fixture, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    // The marker's colour at a point of the canvas (CSS pixels), as "rgb(r, g, b)"; transparent reads "none".
    private const string PixelAt = """
        ([x, y]) => {
          const canvas = document.getElementById('arena');
          const ratio = window.devicePixelRatio || 1;
          const [r, g, b, a] = canvas.getContext('2d').getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data;
          return a === 0 ? 'none' : `rgb(${r}, ${g}, ${b})`;
        }
        """;

    private readonly ApiState _api = new(fixture);

    [RequiresToolFact(Tools.Chromium)]
    public async Task TheArena_ShowsThePoseTheApiReports_AfterAVelocityMoveAndAfterAReset()
    {
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true);
        var page = await context.NewPageAsync();
        try
        {
            await _api.ResetAsync();
            await _api.ResetPoseAsync("Linus");
            await _api.ResetPoseAsync("Torvalds");
            await page.GotoAsync("/");
            var legend = page.Locator("#arena-legend li[data-robot='Linus']");
            await Expect(legend).ToHaveTextAsync(LegendText("Linus", LinusStart));
            var colour = await legend.EvaluateAsync<string>("item => getComputedStyle(item, '::before').color");

            // W+D: a forward arc to the right through the velocity command, then W alone, until Linus is well clear
            // of its start and below it, away from Torvalds (at its own start, 0.5, 0) and its name.
            await page.Keyboard.DownAsync("w");
            await page.Keyboard.DownAsync("d");
            await _api.WaitForRobotAsync("Linus", state => state.GetProperty("motion").GetString() == "velocity"
                && PoseOf(state).Heading < -0.3, "turned to the right");
            await page.Keyboard.UpAsync("d");
            await _api.WaitForRobotAsync("Linus", state => Distance(PoseOf(state), LinusStart) > 0.5, "half a metre away");
            await page.Keyboard.UpAsync("w");
            var moved = await _api.WaitForMotionAsync("Linus", "stop");
            var pose = PoseOf(moved);
            Assert.True(pose.Y < 0, $"a right turn ends right of the start: {moved}");

            await Expect(legend).ToHaveTextAsync(LegendText("Linus", pose));
            var (x, y) = await ScreenAsync(page, moved, pose);
            await Eventually.True(async () => await page.EvaluateAsync<string>(PixelAt, new[] { x, y }) == colour,
                $"Linus ({colour}) is drawn at {x:0}, {y:0}, where the api puts it ({pose})");

            // The operator resets the pose from the console: the api, the legend and the drawing all say its start.
            await ConsolePages.Button(page, "Reset Linus pose").ClickAsync();
            await _api.WaitForRobotAsync("Linus", state => PoseOf(state) == LinusStart, "back at its start");
            await Expect(legend).ToHaveTextAsync(LegendText("Linus", LinusStart));
            await Eventually.True(async () => await page.EvaluateAsync<string>(PixelAt, new[] { x, y }) != colour,
                $"Linus is no longer drawn where it was before the reset ({x:0}, {y:0})");
        }
        finally
        {
            await _api.ResetAsync();
        }
    }

    [RequiresToolFact(Tools.Chromium)]
    public async Task ARobotPressedAgainstTheWall_IsShownAtTheWall_UntilItLeavesIt()
    {
        await using var context = await browser.NewContextAsync(fixture.FrontendUrl, signedIn: true);
        var page = await context.NewPageAsync();
        try
        {
            await _api.ResetAsync();
            await _api.ResetPoseAsync("Linus");
            await page.GotoAsync("/");
            var motion = ConsolePages.Card(page, "Linus").Locator("[data-field=motion]");

            // Straight ahead until the safety envelope holds Linus at its margin from the wall: the card says why it
            // gets no further.
            await page.Keyboard.DownAsync("w");
            await _api.WaitForRobotAsync("Linus", state => state.GetProperty("atWall").GetBoolean(), "at the wall");
            await Expect(motion).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(forward|stop) · at the wall$"));
            await page.Keyboard.UpAsync("w");
            await Expect(motion).ToHaveTextAsync("stop · at the wall");

            // Back at the start it is away from every wall.
            await ConsolePages.Button(page, "Reset Linus pose").ClickAsync();
            await Expect(motion).ToHaveTextAsync("stop");
        }
        finally
        {
            await _api.ResetAsync();
        }
    }

    private readonly record struct Pose(double X, double Y, double Heading);

    /// <summary>Linus's start pose in the api's default configuration (Kinematics:StartPose).</summary>
    private static readonly Pose LinusStart = new(-0.5, 0, 0);

    private static Pose PoseOf(JsonElement state)
    {
        var pose = state.GetProperty("pose");
        return new(pose.GetProperty("x").GetDouble(), pose.GetProperty("y").GetDouble(), pose.GetProperty("heading").GetDouble());
    }

    private static double Distance(Pose pose, Pose from) => Math.Sqrt(Math.Pow(pose.X - from.X, 2) + Math.Pow(pose.Y - from.Y, 2));

    /// <summary>The legend's line as the page writes it (toFixed(2); degrees rounded half up, like Math.round).</summary>
    private static string LegendText(string robot, Pose pose) => string.Create(CultureInfo.InvariantCulture,
        $"{robot}: x {pose.X:F2} m, y {pose.Y:F2} m, heading {(long)Math.Floor(pose.Heading * 180 / Math.PI + 0.5)}°");

    /// <summary>
    /// A point of the marker's body where the page draws a pose, in CSS pixels of the canvas, in the view that fits the
    /// arena (<see cref="ConsolePages.ArenaPointAsync"/>). The pose itself lies a pixel or so behind the marker's eye,
    /// where anti-aliasing blends the two colours; the point probed is the middle of the body between the eye and the
    /// notch of its back (arena.js: size = length / 1.7, the pose 0.15 size ahead of the arrow's origin, the notch at
    /// −0.3 size and the eye's back edge at 0.23 size).
    /// </summary>
    private static async Task<(double X, double Y)> ScreenAsync(IPage page, JsonElement state, Pose pose)
    {
        var arena = state.GetProperty("arena");
        var (width, height) = (arena.GetProperty("width").GetDouble(), arena.GetProperty("height").GetDouble());
        var (x, y) = await ConsolePages.ArenaPointAsync(page, width, height, pose.X, pose.Y);
        var (metreRight, _) = await ConsolePages.ArenaPointAsync(page, width, height, pose.X + 1, pose.Y);
        var arrow = Math.Max(26, 0.2 * (metreRight - x)) / 1.7;
        var back = (0.15 - ((-0.3 + 0.23) / 2)) * arrow;
        return (x - (back * Math.Cos(pose.Heading)), y + (back * Math.Sin(pose.Heading)));
    }
}
