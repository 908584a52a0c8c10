using System.Net;
using System.Net.Http.Json;
using DualRobot.Api.Robots;
using DualRobot.Tests.Apis;

namespace DualRobot.Tests.Recording;

/// <summary>The recorder in the api: its settings, a store it cannot write, a restart, and switched off.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class RecorderHostTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dualrobot-tests", $"recorder-{Guid.NewGuid():N}");

    [Theory]
    [InlineData("Recording:RetentionDays", "0", "RetentionDays")]
    [InlineData("Recording:MaxSizeMegabytes", "0", "MaxSizeMegabytes")]
    [InlineData("Recording:QueueCapacity", "1", "QueueCapacity")]
    [InlineData("Recording:SessionGap", "00:00:00", "SessionGap")]
    [InlineData("Recording:RetentionInterval", "2.00:00:00", "RetentionInterval")]
    public async Task Start_WithABadRecordingSetting_IsRefused_NamingIt(string key, string value, string field)
    {
        await using var api = new ApiFactory(new Dictionary<string, string?> { [key] = value });

        var failure = api.StartFailure();

        Assert.Contains("RecordingOptions", failure);
        Assert.Contains(field, failure);
    }

    [Fact]
    public async Task Drive_WithAStoreThatCannotBeWritten_StillMoves_WhileHealthIsDegraded()
    {
        Directory.CreateDirectory(_directory);
        var notADirectory = Path.Combine(_directory, "file");
        await File.WriteAllTextAsync(notADirectory, "");
        await using var api = new ApiFactory(new Dictionary<string, string?> { ["Recording:Path"] = Path.Combine(notADirectory, "recordings.db") });
        using var client = api.CreateAuthorizedClient();

        using var drive = await client.PostAsJsonAsync("/robots/Linus/drive", new { direction = "forward", leaseMs = 5000 });
        using var stop = await client.PostAsJsonAsync("/robots/Linus/drive", new { direction = "stop" });

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (drive.StatusCode, stop.StatusCode));
        Assert.Equal(Direction.Stop, api.Robot("Linus").GetState().Motion);
        await Eventually.True(async () => (await client.GetStringAsync("/health")).Contains("recording store", StringComparison.Ordinal),
            "/health names the recording store that cannot be written");
        Assert.Contains("Degraded", await client.GetStringAsync("/health"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sessions_SurviveARestart()
    {
        var settings = new Dictionary<string, string?> { ["Audit:Path"] = Path.Combine(_directory, "audit.db") };
        await using (var first = new ApiFactory(settings))
        {
            using var client = first.CreateAuthorizedClient();
            using var drive = await client.PostAsJsonAsync("/robots/Linus/drive", new { direction = "forward", leaseMs = 5000 });
            Assert.Equal(HttpStatusCode.OK, drive.StatusCode);

            // No waiting for the writer: stopping the host writes what is queued, the shutdown's stop included.
        }

        Assert.True(File.Exists(Path.Combine(_directory, "audit.recordings.db")));
        await using var second = new ApiFactory(settings);
        using var reader = second.CreateAuthorizedClient();
        var session = Assert.Single(await reader.SessionsAsync());
        Assert.Equal((1, 1), (session.Commands, session.Stops));
        // The drive's state, the pose updates a moving robot publishes every 100 ms until the host got to its stop
        // (none on a quick machine, several on a loaded one), and the shutdown's stop.
        var motions = (await reader.RecordingAsync(session.Id)).States.Select(s => s.State.Motion).ToList();
        Assert.Equal(("forward", "stop"), (motions[0], motions[^1]));
        Assert.All(motions[..^1], motion => Assert.Equal("forward", motion));
    }

    [Fact]
    public async Task Recording_SwitchedOff_RecordsNothing()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Audit:Path"] = Path.Combine(_directory, "audit.db"),
            ["Recording:Enabled"] = "false",
        };
        await using var api = new ApiFactory(settings);
        using var client = api.CreateAuthorizedClient();

        using var drive = await client.PostAsJsonAsync("/robots/Linus/drive", new { direction = "forward", leaseMs = 5000 });

        Assert.Equal(HttpStatusCode.OK, drive.StatusCode);
        Assert.Empty(await client.SessionsAsync());
        Assert.Contains("Recording is off", await client.GetStringAsync("/health"), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
