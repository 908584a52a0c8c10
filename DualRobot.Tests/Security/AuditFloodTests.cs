using System.Net;
using DualRobot.Api.Audit;
using DualRobot.Api.Operators;
using DualRobot.Tests.Apis;
using DualRobot.Tests.Audit;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace DualRobot.Tests.Security;

/// <summary>
/// Issue 25, point 3: every refused command was a row (159–176 B), one socket wrote 10,001 in 2.4 s, and the
/// production volume would fill in under half an hour. A refused robot command that is repeated (same user, robot,
/// action and outcome) is now counted in one row per <c>Audit:RefusalWindowSeconds</c> (300), with its count, first
/// and last time; accepted commands, refusals for the role and take-overs are still one row each, and a flood of
/// refusals cannot crowd them out of the queue.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class AuditFloodTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Refused = 10_000;
    private const int Burst = 5; // Control:MaxCommandsPerSecond here: a robot's first 5 commands pass, then refusals

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero));
    private readonly string _path = Path.Combine(Path.GetTempPath(), "dualrobot-tests", $"flood-{Guid.NewGuid():N}", "audit.db");
    private ApiFactory _api = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        // Driven forward for 30 s: far past the default arena's edge, where the envelope would refuse the last drives.
        _api = new ApiFactory(new Dictionary<string, string?>(Safety.SafetySettings.OpenFloor("Linus"))
        {
            ["Control:MaxCommandsPerSecond"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Audit:Path"] = _path,
            ["Audit:QueueCapacity"] = "16",
        }, _time);
        _client = _api.CreateAuthorizedClient();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task TenThousandRefusedCommands_AreOneRow_CountingThemFromFirstToLast()
    {
        var start = _time.GetUtcNow();
        Assert.Empty(await _client.AuditAsync()); // the store exists from here on, empty
        var sizeBefore = StoreSize();

        var answers = await FloodAsync("mallory", "/robots/linus/drive", """{"direction":"forward","leaseMs":5000}""", Refused / 2);
        _time.Advance(TimeSpan.FromSeconds(30)); // the bucket refills: 5 more pass
        answers.AddRange(await FloodAsync("mallory", "/robots/linus/drive", """{"direction":"forward","leaseMs":5000}""", Refused / 2 + 2 * Burst));

        Assert.Equal(2 * Burst, answers.Count(status => status == HttpStatusCode.OK));
        Assert.Equal(Refused, answers.Count(status => status == HttpStatusCode.TooManyRequests));
        var records = await _client.AuditEventuallyAsync(2 * Burst + 1, "&user=mallory");
        await Eventually.True(async () => (await Counted()).Sum(r => r.Count) == Refused, "every refusal counted in the store");
        var counted = Assert.Single(await Counted());
        Assert.Equal(start, counted.Time);
        Assert.Equal(start.AddSeconds(30), counted.Last);
        Assert.Equal(("Linus", "drive"), (counted.Robot, counted.Action));
        Assert.Equal("forward", counted.Parameters!["direction"]);
        Assert.Equal(2 * Burst, records.Count(r => r.Outcome == "accepted" && r.Count == 1));
        Assert.Equal(2 * Burst + 1, (await _client.AuditAsync("&user=mallory")).Count);

        var grown = StoreSize() - sizeBefore;
        output.WriteLine($"{Refused:N0} refused commands: 1 row for them ({2 * Burst} for the accepted), store grew {grown:N0} bytes");
        Assert.True(grown <= 4096, $"the store grew {grown:N0} bytes, more than one page"); // one row per refusal: 1.6 MB

        async Task<List<AuditRecordDto>> Counted() => [.. (await _client.AuditAsync("&user=mallory")).Where(r => r.Outcome == "rate_limited")];
    }

    [Fact]
    public async Task DuringAFlood_AcceptedCommands_RefusalsForTheRole_AndTakeOvers_AreEachOneRow()
    {
        await _client.SendAsAsync("alice", "POST", "/robots/torvalds/drive", """{"direction":"forward","leaseMs":5000}""", HttpStatusCode.OK);
        for (var round = 0; round < 10; round++)
        {
            await FloodAsync("mallory", "/robots/linus/eye", """{"state":"on"}""", 200);
            (await _client.SendAsAsync("vera", "POST", "/robots/linus/eye", """{"state":"off"}""", HttpStatusCode.Forbidden, OperatorRoles.Viewer)).Dispose();
            (await _client.SendAsAsync("bob", "POST", "/robots/torvalds/take-control", null, HttpStatusCode.Conflict, OperatorRoles.Operator)).Dispose();
        }

        (await _client.SendAsAsync("alice", "POST", "/robots/torvalds/drive", """{"direction":"stop"}""", HttpStatusCode.OK)).Dispose();

        Assert.Equal(10, (await _client.AuditEventuallyAsync(10, "&user=vera")).Count(r => r.Outcome == "forbidden"));
        Assert.Equal(10, (await _client.AuditEventuallyAsync(10, "&user=bob")).Count(r => r.Action == RobotActions.TakeControl && r.Outcome == "in_use"));
        Assert.Equal(["stop", "drive"], (await _client.AuditEventuallyAsync(2, "&user=alice")).Select(r => r.Action));
        var mallory = await _client.AuditEventuallyAsync(2, "&user=mallory");
        Assert.Equal(Burst, mallory.Count(r => r.Outcome == "accepted"));
        Assert.Single(mallory, r => r.Outcome == "rate_limited");
    }

    /// <summary>Sends <paramref name="count"/> copies of one command, 16 at a time, as a script or socket can; their statuses.</summary>
    private async Task<List<HttpStatusCode>> FloodAsync(string user, string path, string body, int count)
    {
        var answers = new List<HttpStatusCode>(count);
        for (var sent = 0; sent < count; sent += 16)
        {
            answers.AddRange(await Task.WhenAll(Enumerable.Range(0, Math.Min(16, count - sent)).Select(async _ =>
            {
                using var response = await _client.SendAsAsync(user, "POST", path, body);
                return response.StatusCode;
            })));
        }

        return answers;
    }

    /// <summary>The store's size on disk, its write-ahead log checkpointed into it first.</summary>
    private long StoreSize()
    {
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_path}"))
        {
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            checkpoint.ExecuteNonQuery();
        }

        return new FileInfo(_path).Length;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(Path.GetDirectoryName(_path)))
        {
            Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
        }
    }
}
