using System.Net.Http.Headers;
using System.Text.Json;
using DualRobot.Tests.AppHost;

namespace DualRobot.Tests.Frontend;

/// <summary>Reads the api directly, the ground truth the console's commands are checked against, and resets it.</summary>
internal sealed class ApiState(Func<HttpClient> createApiClient)
{
    public ApiState(AppHostFixture fixture)
        : this(() => fixture.CreateHttpClient("api"))
    {
    }

    public ApiState(DistributedApplication app)
        : this(() => app.CreateHttpClient("api", "http"))
    {
    }

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public async Task<JsonElement> RobotAsync(string name)
    {
        using var client = createApiClient();
        using var document = JsonDocument.Parse(await client.GetStringAsync($"/robots/{name}"));
        return document.RootElement.Clone();
    }

    public async Task<bool> EmergencyStopLatchedAsync()
    {
        using var client = createApiClient();
        using var document = JsonDocument.Parse(await client.GetStringAsync("/estop"));
        return document.RootElement.GetProperty("latched").GetBoolean();
    }

    /// <summary>The current value of one series of the api's <c>/metrics</c> (labels as written there); 0 when absent.</summary>
    public async Task<double> MetricAsync(string name, string labels)
    {
        using var client = createApiClient();
        return Reliability.ProcessProbe.Metric(await client.GetStringAsync("/metrics"), name, labels) ?? 0;
    }

    /// <summary>Stop commands the api accepted for the robot (a deadman stop is not one: it has its own counter).</summary>
    public Task<double> StopsAsync(string robot) => AcceptedAsync(robot, RobotActions.Stop);

    /// <summary>Commands of one action the api accepted for the robot (a velocity command, a heartbeat, ...).</summary>
    public Task<double> AcceptedAsync(string robot, string action) =>
        MetricAsync(DualRobot.Api.Diagnostics.RobotMetrics.CommandsTotal, $"robot=\"{robot}\",action=\"{action}\",outcome=\"accepted\"");

    /// <summary>Polls until the robot's state satisfies the condition; generous, because only the outcome matters.</summary>
    public async Task<JsonElement> WaitForRobotAsync(string name, Func<JsonElement, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        JsonElement state;
        do
        {
            state = await RobotAsync(name);
            if (condition(state))
            {
                return state;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        throw new Xunit.Sdk.XunitException($"{name} never became {what}; last state: {state}");
    }

    public Task<JsonElement> WaitForMotionAsync(string name, string motion) =>
        WaitForRobotAsync(name, state => state.GetProperty("motion").GetString() == motion, $"motion={motion}");

    /// <summary>Waits until the api accepted another stop for the robot than <paramref name="stopsBefore"/>, and the robot stands still.</summary>
    public async Task WaitForAcceptedStopAsync(string robot, double stopsBefore, string because)
    {
        await Eventually.True(async () => await StopsAsync(robot) > stopsBefore, because);
        await WaitForMotionAsync(robot, "stop");
    }

    public async Task WaitForEmergencyStopAsync(bool latched)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (await EmergencyStopLatchedAsync() != latched)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"The emergency stop never became latched={latched}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Moves a servo from outside the console, as the console's own signed-in user would from another device: the
    /// claim that user's page holds on the robot lets it through, as it would not let another user's command.
    /// </summary>
    public async Task SetServoAsync(string robot, int index, double angle)
    {
        using var client = KeyedClient();
        client.DefaultRequestHeaders.Add(OperatorHeaders.User, AppHostFixture.OperatorName);
        client.DefaultRequestHeaders.Add(OperatorHeaders.Role, "supervisor");
        (await client.PutAsync($"/robots/{robot}/servos/{index}", Json($$"""{"angle":{{angle.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}"""))).EnsureSuccessStatusCode();
    }

    /// <summary>Sets an eye from outside the console, as <see cref="SetServoAsync"/> moves a servo.</summary>
    public async Task SetEyeAsync(string robot, string state)
    {
        using var client = KeyedClient();
        client.DefaultRequestHeaders.Add(OperatorHeaders.User, AppHostFixture.OperatorName);
        client.DefaultRequestHeaders.Add(OperatorHeaders.Role, "supervisor");
        (await client.PostAsync($"/robots/{robot}/eye", Json($$"""{"state":"{{state}}"}"""))).EnsureSuccessStatusCode();
    }

    public async Task ResetPoseAsync(string robot)
    {
        using var client = KeyedClient();
        (await client.PostAsync($"/robots/{robot}/pose/reset", null)).EnsureSuccessStatusCode();
    }

    public async Task EmergencyStopAsync()
    {
        using var client = KeyedClient();
        (await client.PostAsync("/estop", null)).EnsureSuccessStatusCode();
    }

    private HttpClient KeyedClient()
    {
        var client = createApiClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AppHostFixture.ApiKey);
        return client;
    }

    /// <summary>Puts the fleet back as the next test expects it: e-stop released, robots stopped, eyes off.</summary>
    public async Task ResetAsync()
    {
        using var client = KeyedClient();
        (await client.PostAsync("/estop/release", null)).Dispose();
        foreach (var robot in new[] { "Linus", "Torvalds" })
        {
            // The console's user may still hold the robot: the key holder (a supervisor) takes it, resets it and
            // lets go, so the next test's console finds it free.
            (await client.PostAsync($"/robots/{robot}/take-control", null)).Dispose();
            (await client.PostAsync($"/robots/{robot}/drive", Json("""{"direction":"stop"}"""))).Dispose();
            (await client.PostAsync($"/robots/{robot}/eye", Json("""{"state":"off"}"""))).Dispose();
            (await client.PostAsync($"/robots/{robot}/release-control", null)).Dispose();
        }
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
