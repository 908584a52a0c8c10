using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using DualRobot.Api.Audit;
using DualRobot.Api.Robots;
using DualRobot.Tests.Apis;

namespace DualRobot.Tests.Audit;

/// <summary>
/// The store refuses every write (the file and its folder are made immutable, which holds even for root): commands,
/// stops and the e-stop work on, the failure is counted, and /health says Degraded.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed partial class ReadOnlyStoreTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dualrobot-tests", $"readonly-{Guid.NewGuid():N}");
    private ApiFactory _api = null!;

    private string DatabasePath => Path.Combine(_directory, "audit.db");

    public async Task InitializeAsync()
    {
        new AuditStore(DatabasePath).Append([AuditStoreTests.Record(DateTimeOffset.UtcNow, "setup", null, "sign-in", "accepted")]);
        // The lock an earlier api left beside the trail (RobotOwnership): it opens read-only in a folder that refuses writes.
        File.WriteAllText(RobotOwnership.LockPathFor(DatabasePath), "");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await ReadOnlyFiles.MakeAsync(DatabasePath, _directory);
        _api = new ApiFactory(new Dictionary<string, string?> { ["Audit:Path"] = DatabasePath });
    }

    [Fact]
    public async Task StopAndEmergencyStop_StillAct_WhileTheFailureIsCountedAndHealthIsDegraded()
    {
        using var client = _api.CreateAuthorizedClient();
        var failuresBefore = await FailuresAsync(client);

        using var forward = await client.PostAsJsonAsync("/robots/linus/drive", new { direction = "forward", leaseMs = 5000 });
        Assert.Equal(HttpStatusCode.OK, forward.StatusCode);
        using var stop = await client.PostAsJsonAsync("/robots/linus/drive", new { direction = "stop" });
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.Equal(Direction.Stop, _api.Robot("Linus").GetState().Motion);

        using var estop = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/estop").As("alice"));
        Assert.Equal(HttpStatusCode.OK, estop.StatusCode);
        Assert.True(_api.Fleet.EmergencyStop.Latched);

        await Eventually.True(async () => await FailuresAsync(client) > failuresBefore, "the failed write is counted");
        await Eventually.True(async () => (await client.GetStringAsync("/health")).Contains("Degraded", StringComparison.Ordinal),
            "/health reports Degraded");
        Assert.Contains("cannot be written", await client.GetStringAsync("/health"), StringComparison.Ordinal);
    }

    private static async Task<double> FailuresAsync(HttpClient client) =>
        FailureLine().Match(await client.GetStringAsync("/metrics")) is { Success: true } match
            ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : 0;

    [GeneratedRegex("^" + AuditMetrics.WriteFailuresTotal + @" (\S+)$", RegexOptions.Multiline)]
    private static partial Regex FailureLine();

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await ReadOnlyFiles.UndoAsync(DatabasePath, _directory);
        Directory.Delete(_directory, recursive: true);
    }
}
