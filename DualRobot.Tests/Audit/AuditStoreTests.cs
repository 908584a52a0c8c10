using DualRobot.Api.Audit;

namespace DualRobot.Tests.Audit;

[Trait(Tier.Name, Tier.Unit)]
public sealed class AuditStoreTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dualrobot-tests", $"store-{Guid.NewGuid():N}");

    private string DatabasePath => Path.Combine(_directory, "nested", "audit.db");

    [Fact]
    public void Records_SurviveANewStoreOnTheSameFile_NewestFirst()
    {
        new AuditStore(DatabasePath).Append([
            Record(Noon, "alice", "Linus", "drive", "accepted", new Dictionary<string, string> { ["direction"] = "forward", ["speed"] = "0.5" }),
            Record(Noon.AddSeconds(1), "bob", "Linus", "drive", "in_use", null, "Linus is in use by alice."),
        ]);

        var records = new AuditStore(DatabasePath).Query(new AuditQuery(null, null, null, 10));

        Assert.Collection(records,
            newest =>
            {
                Assert.Equal("bob", newest.User);
                Assert.Equal("in_use", newest.Outcome);
                Assert.Equal("Linus is in use by alice.", newest.Detail);
                Assert.Null(newest.Parameters);
            },
            oldest =>
            {
                Assert.Equal(Noon, oldest.Time);
                Assert.Equal("alice", oldest.User);
                Assert.Equal("Linus", oldest.Robot);
                Assert.Equal("forward", oldest.Parameters!["direction"]);
                Assert.Equal("0.5", oldest.Parameters["speed"]);
            });
        Assert.True(records[0].Id > records[1].Id);
    }

    [Fact]
    public void Query_FiltersByRobotUserAndSince_WithoutRegardToCase_AndLimits()
    {
        var store = new AuditStore(DatabasePath);
        store.Append([
            Record(Noon, "alice", "Linus", "drive", "accepted"),
            Record(Noon.AddMinutes(1), "bob", "Torvalds", "eye", "accepted"),
            Record(Noon.AddMinutes(2), "alice", "Torvalds", "servo", "accepted"),
            Record(Noon.AddMinutes(3), "alice", null, "estop", "accepted"),
        ]);

        Assert.Equal(["servo", "eye"], store.Query(new AuditQuery("torvalds", null, null, 10)).Select(r => r.Action));
        Assert.Equal(["estop", "servo", "drive"], store.Query(new AuditQuery(null, "ALICE", null, 10)).Select(r => r.Action));
        Assert.Equal(["estop", "servo"], store.Query(new AuditQuery(null, null, Noon.AddMinutes(2), 10)).Select(r => r.Action));
        Assert.Equal(["estop"], store.Query(new AuditQuery(null, null, null, 1)).Select(r => r.Action));
    }

    [Fact]
    public void DeleteOlderThan_KeepsTheRest()
    {
        var store = new AuditStore(DatabasePath);
        store.Append([Record(Noon.AddDays(-31), "alice", "Linus", "drive", "accepted"), Record(Noon, "bob", "Linus", "drive", "accepted")]);

        Assert.Equal(1, store.DeleteOlderThan(Noon.AddDays(-30)));

        Assert.Equal("bob", Assert.Single(store.Query(new AuditQuery(null, null, null, 10))).User);
    }

    [Fact]
    public void Append_IsAllOrNothing()
    {
        var store = new AuditStore(DatabasePath);
        store.Append([Record(Noon, "alice", "Linus", "drive", "accepted")]);

        // A null user breaks the NOT NULL constraint halfway through the batch.
        Assert.ThrowsAny<Exception>(() => store.Append([Record(Noon, "bob", "Linus", "drive", "accepted"), Record(Noon, null!, "Linus", "drive", "accepted")]));

        Assert.Equal("alice", Assert.Single(store.Query(new AuditQuery(null, null, null, 10))).User);
    }

    [Fact]
    public void CountedRefusals_AreOneRow_WrittenAgainAsTheyGrow_AndFoundSinceTheirLast()
    {
        var store = new AuditStore(DatabasePath);
        var first = Record(Noon, "mallory", "Linus", "drive", "rate_limited") with { Count = 1, Last = Noon };
        store.Append([first, Record(Noon, "mallory", "Linus", "drive", "accepted")]);

        store.Append([first with { Count = 37, Last = Noon.AddMinutes(2) }]);

        var records = store.Query(new AuditQuery(null, null, null, 10));
        Assert.Equal([("accepted", 1, (DateTimeOffset?)null), ("rate_limited", 37, Noon.AddMinutes(2))], records.Select(r => (r.Outcome, r.Count, r.Last)));
        Assert.Equal("rate_limited", Assert.Single(store.Query(new AuditQuery(null, null, Noon.AddMinutes(1), 10))).Outcome);
    }

    [Fact]
    public void AStoreFromBeforeCountedRefusals_IsUpgraded_ItsRecordsCountingOne()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath}"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, time_ms INTEGER NOT NULL, user TEXT NOT NULL, robot TEXT,
                    action TEXT NOT NULL, parameters TEXT, outcome TEXT NOT NULL, detail TEXT);
                INSERT INTO audit (time_ms, user, robot, action, outcome) VALUES (0, 'alice', 'Linus', 'drive', 'accepted');
                """;
            create.ExecuteNonQuery();
        }

        var store = new AuditStore(DatabasePath);
        store.Append([Record(Noon, "mallory", "Linus", "drive", "rate_limited") with { Count = 2, Last = Noon }]);

        Assert.Equal([("mallory", 2), ("alice", 1)], store.Query(new AuditQuery(null, null, null, 10)).Select(r => (r.User, r.Count)));
    }

    internal static AuditRecord Record(
        DateTimeOffset time, string user, string? robot, string action, string outcome,
        IReadOnlyDictionary<string, string>? parameters = null, string? detail = null) =>
        new(0, time, user, robot, action, parameters, outcome, detail);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
