using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DualRobot.Tests.Apis;
using DualRobot.TestSupport.PigpioEmulator;

namespace DualRobot.Tests.Reliability;

/// <summary>
/// A command that reaches the api after its sender gave up must not act: the console tells the operator "nothing was
/// sent" when its call times out, and that has to stay true. The api is frozen with SIGSTOP while the command waits in
/// the kernel's socket buffer, and resumed only once the command's <c>X-Command-Deadline</c> has passed.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class HeldBackCommandTests
{
    private const string Deadline = "X-Command-Deadline";

    [Fact]
    public async Task DriveHeldBackPastItsDeadline_IsRefusedStale_AndNoPinMoves()
    {
        await using var daemon = new PigpioEmulator();
        await using var api = await StartAsync(daemon);
        using var client = api.CreateClient();

        var deadline = DateTimeOffset.UtcNow.AddMilliseconds(300);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/robots/linus/velocity")
        {
            Content = JsonContent.Create(new { linear = 0.8, angular = 0.0, leaseMs = 5000 }),
        };
        request.Headers.Add(Deadline, deadline.ToString("O", CultureInfo.InvariantCulture));

        using var response = await HoldBackPastAsync(api, deadline, () => client.SendAsync(request));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.EndsWith("stale-command", problem.RootElement.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal([0, 0, 0, 0], RobotSettings.LinusDirectionPins.Select(daemon.GetLevel));
        Assert.Equal("stop", (await client.GetFromJsonAsync<RobotStateDto>("/robots/linus"))!.Motion);
    }

    [Fact]
    public async Task StopHeldBackPastItsDeadline_StillStopsTheRobot()
    {
        await using var daemon = new PigpioEmulator();
        await using var api = await StartAsync(daemon);
        using var client = api.CreateClient();
        using (var drive = await client.PostAsJsonAsync("/robots/linus/drive", new { direction = "forward", leaseMs = 5000 }))
        {
            Assert.Equal(HttpStatusCode.OK, drive.StatusCode);
        }

        Assert.Equal([1, 0, 1, 0], RobotSettings.LinusDirectionPins.Select(daemon.GetLevel));

        var deadline = DateTimeOffset.UtcNow.AddMilliseconds(300);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/robots/linus/drive")
        {
            Content = JsonContent.Create(new { direction = "stop" }),
        };
        request.Headers.Add(Deadline, deadline.ToString("O", CultureInfo.InvariantCulture));

        using var response = await HoldBackPastAsync(api, deadline, () => client.SendAsync(request));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([0, 0, 0, 0], RobotSettings.LinusDirectionPins.Select(daemon.GetLevel));
    }

    private static async Task<ApiProcess> StartAsync(PigpioEmulator daemon)
    {
        var settings = new Dictionary<string, string>(RobotSettings.PigpioEnvironment(daemon.Port))
        {
            // No allowance: the command is late the moment its deadline passes.
            ["Control__ClockSkewAllowance"] = "00:00:00",
        };
        var api = await ApiProcess.StartAsync(settings);
        using var client = api.CreateClient();
        await Eventually.True(async () => (await client.GetFromJsonAsync<RobotStateDto>("/robots/linus"))!.Connected, "Linus connects");
        return api;
    }

    /// <summary>Sends while the api is frozen, keeps it frozen until the deadline is behind us, then lets it answer.</summary>
    private static async Task<HttpResponseMessage> HoldBackPastAsync(ApiProcess api, DateTimeOffset deadline, Func<Task<HttpResponseMessage>> send)
    {
        api.Pause();
        Task<HttpResponseMessage> sending;
        try
        {
            sending = send();
            // Waiting for the wall clock to pass a point, not asserting how long anything took.
            while (DateTimeOffset.UtcNow <= deadline.AddMilliseconds(200))
            {
                await Task.Delay(50);
            }

            Assert.False(sending.IsCompleted, "a frozen api cannot have answered");
        }
        finally
        {
            api.Resume();
        }

        return await sending;
    }
}
