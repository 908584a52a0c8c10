using System.Globalization;
using DualRobot.Tests.Support;

namespace DualRobot.Tests.Reliability;

/// <summary>
/// A rollout stops every pod with SIGTERM while browsers hold their event streams open. Those streams end because
/// the host is stopping, which is not an error: one <c>fail:</c> entry per open stream would make every rollout look
/// like an incident to whoever alerts on error logs.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class RolloutTests
{
    /// <summary>Open streams per service; <c>DUALROBOT_ROLLOUT_STREAMS</c> raises it for a soak.</summary>
    private static readonly int Streams = int.TryParse(Environment.GetEnvironmentVariable("DUALROBOT_ROLLOUT_STREAMS"),
        CultureInfo.InvariantCulture, out var streams) ? streams : 40;

    [Fact]
    public async Task Sigterm_WithOpenEventStreams_BothServicesExitWithoutErrorLogs()
    {
        await using var api = await ApiProcess.StartAsync(new Dictionary<string, string>());
        await using var frontend = await ApiProcess.StartAsync(new Dictionary<string, string>
        {
            ["Api__BaseAddress"] = api.BaseAddress.ToString(),
            ["Operators__Password"] = "rollout-test-operator-password",
        }, ApiProcess.Frontend);
        using var apiClient = api.CreateClient();
        using var frontendClient = frontend.CreateClient(authorized: false);
        var open = new List<(HttpResponseMessage Response, Stream Body)>();
        try
        {
            for (var i = 0; i < Streams; i++)
            {
                open.Add(await OpenStreamAsync(apiClient, "/robots/events"));
                open.Add(await OpenStreamAsync(frontendClient, "/events"));
            }

            // The console's relay is one more stream into the api.
            foreach (var process in new[] { frontend, api })
            {
                process.Terminate();
                using var exit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
                await process.WaitForExitAsync(exit.Token);
                Assert.Equal(0, process.ExitCode);
                var errors = ErrorEntries(process.Output);
                Assert.True(errors.Count == 0, $"{errors.Count} error-level entries after SIGTERM with {Streams} open streams:\n{process.Output}");
            }

            // Every stream ended: the clients see the end of the body, not a hang.
            foreach (var (_, body) in open)
            {
                using var drained = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await body.CopyToAsync(Stream.Null, drained.Token);
            }
        }
        finally
        {
            foreach (var (response, body) in open)
            {
                await body.DisposeAsync();
                response.Dispose();
            }
        }
    }

    private static async Task<(HttpResponseMessage, Stream)> OpenStreamAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStreamAsync();
        // The first event has arrived: the subscription is in place.
        var buffer = new byte[1];
        Assert.Equal(1, await body.ReadAsync(buffer));
        return (response, body);
    }

    /// <summary>Entries of the console logger at Error or Critical (<c>fail:</c>, <c>crit:</c>).</summary>
    private static List<string> ErrorEntries(string log) =>
        log.Split('\n').Where(line => line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal)).ToList();
}
