using System.Net;
using System.Net.Http.Json;
using DualRobot.Tests.Apis;
using Microsoft.Extensions.Time.Testing;

namespace DualRobot.Tests.Recording;

/// <summary>
/// The api on its simulated robots with a fake clock, driven over HTTP as a console would: time passes only when a
/// test says so, in <see cref="Step"/>s, so every pose update, lease and deadman fires at its exact instant.
/// </summary>
internal sealed class SimulatedDriving : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Divides every period the api uses (pose interval 100 ms, leases in tens of ms).</summary>
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);

    public SimulatedDriving(Dictionary<string, string?>? settings = null)
    {
        // Both robots start at the origin, heading along +x (not apart, as configured by default): the tests' zones and
        // walls are placed from there.
        var all = new Dictionary<string, string?>
        {
            ["Robots:Linus:Kinematics:StartPose:X"] = "0",
            ["Robots:Torvalds:Kinematics:StartPose:X"] = "0",
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        Api = new ApiFactory(all, Time);
        Client = Api.CreateAuthorizedClient();
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public ApiFactory Api { get; }

    public HttpClient Client { get; }

    /// <summary>Lets <paramref name="duration"/> pass, a <see cref="Step"/> at a time.</summary>
    public void Run(TimeSpan duration)
    {
        for (var passed = TimeSpan.Zero; passed < duration; passed += Step)
        {
            Time.Advance(Step);
        }
    }

    public Task Velocity(string robot, double linear, double angular, int leaseMs) =>
        Send(robot, "velocity", new { linear, angular, leaseMs });

    public Task Tank(string robot, double left, double right, int leaseMs) =>
        Send(robot, "velocity", new { left, right, leaseMs });

    public Task Drive(string robot, string direction, double? speed = null, int? leaseMs = null) => direction == "stop"
        ? Send(robot, "drive", new { direction })
        : Send(robot, "drive", new Dictionary<string, object?> { ["direction"] = direction, ["speed"] = speed, ["leaseMs"] = leaseMs }
            .Where(p => p.Value is not null).ToDictionary());

    private async Task Send(string robot, string command, object body)
    {
        using var response = await Client.PostAsJsonAsync($"/robots/{robot}/{command}", body);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{command} {robot}: {response.StatusCode} {answer}");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Api.DisposeAsync();
    }
}
