using System.Globalization;
using DualRobot.Api.Recording;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace DualRobot.Tests.Recording;

/// <summary>
/// How fast the store grows with two robots driven without a pause, measured on the store's real bytes and
/// extrapolated to a robot-hour (docs/configuration.md quotes the figures; the benchmark's <c>--recorder-only</c> mode
/// measures the same at real speed). Simulated time: a few minutes of driving take seconds.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class StoreGrowthTests(ITestOutputHelper output)
{
    /// <summary>What docs/configuration.md promises for the worst case, continuous stick driving.</summary>
    public const double BudgetMegabytesPerRobotHour = 40;

    private static readonly TimeSpan Driven = TimeSpan.FromMinutes(2);
    private static readonly string[] Robots = ["Linus", "Torvalds"];

    [Fact]
    public async Task TwoRobots_DrivenWithAStickAt20CommandsASecond_GrowTheStoreWithinItsBudget()
    {
        // The console sends a stick's velocity at most every 50 ms per robot: the most a driver can record.
        var perRobotHour = await MeasureAsync("stick", async (driving, robot, tick) =>
        {
            var phase = tick * 0.05;
            await driving.Velocity(robot, Math.Round(0.5 + (0.3 * Math.Sin(phase)), 3), Math.Round(0.4 * Math.Cos(phase / 3), 3), leaseMs: 500);
        }, every: TimeSpan.FromMilliseconds(50));

        Assert.InRange(perRobotHour, 1, BudgetMegabytesPerRobotHour);
    }

    [Fact]
    public async Task TwoRobots_DrivenWithKeys_GrowTheStoreWithinItsBudget()
    {
        // Keys: a drive when the key changes (every 2 s here), heartbeats every 150 ms, the pose published every 100 ms.
        var perRobotHour = await MeasureAsync("keys", async (driving, robot, tick) =>
        {
            if (tick % 40 == 0)
            {
                await driving.Drive(robot, (tick / 40 % 4) switch { 0 => "forward", 1 => "left", 2 => "backward", _ => "right" }, leaseMs: 500);
            }
            else if (tick % 3 == 0)
            {
                using var beat = await driving.Client.PostAsync($"/robots/{robot}/heartbeat", null);
                beat.EnsureSuccessStatusCode();
            }
        }, every: TimeSpan.FromMilliseconds(50));

        Assert.InRange(perRobotHour, 1, BudgetMegabytesPerRobotHour);
    }

    /// <summary>Drives both robots for <see cref="Driven"/>; returns the store's growth in MB per robot-hour.</summary>
    private async Task<double> MeasureAsync(string pattern, Func<SimulatedDriving, string, int, Task> command, TimeSpan every)
    {
        // Two minutes of driving: far past the default arena's edge, where the envelope would refuse commands.
        await using var driving = new SimulatedDriving(Safety.SafetySettings.OpenFloor(Robots));
        var recorder = driving.Api.Services.GetRequiredService<FlightRecorder>();
        var before = recorder.Store.UsedBytes();
        var ticks = (int)(Driven / every);
        for (var tick = 0; tick < ticks; tick++)
        {
            foreach (var robot in Robots)
            {
                await command(driving, robot, tick);
            }

            driving.Run(every);
        }

        foreach (var robot in Robots)
        {
            await driving.Drive(robot, "stop");
        }

        var sessions = new List<RecordingDocumentDto>();
        foreach (var robot in Robots)
        {
            var last = driving.Api.Robot(robot).GetState().Version;
            sessions.Add(await driving.Client.RecordedEventuallyAsync(robot, d => d.States.Any(s => s.State.Version == last)));
        }

        var bytes = recorder.Store.UsedBytes() - before;
        var states = sessions.Sum(s => s.States.Count());
        var events = sessions.Sum(s => s.Events.Count());
        var perRobotHour = bytes / (Robots.Length * Driven.TotalHours) / 1e6;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{pattern}: {Robots.Length} robots × {Driven.TotalMinutes} min: {states} states, {events} events, {bytes:N0} bytes " +
            $"({bytes / (double)(states + events):0} per entry) → {perRobotHour:0.0} MB per robot-hour"));
        return perRobotHour;
    }
}
