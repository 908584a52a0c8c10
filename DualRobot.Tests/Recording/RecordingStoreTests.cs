using System.Diagnostics;
using DualRobot.Api.Recording;
using DualRobot.Api.Robots;
using DualRobot.Api.Robots.Motion;
using Microsoft.Extensions.Logging.Abstractions;
using static DualRobot.Tests.Recording.RecordingSamples;

namespace DualRobot.Tests.Recording;

[Trait(Tier.Name, Tier.Unit)]
public sealed class RecordingStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dualrobot-tests", $"recording-{Guid.NewGuid():N}");
    private readonly RecordingDatabase _database;
    private readonly RecordingStore _store;
    private readonly RecordingReader _reader;
    private readonly SessionTracker _sessions = new(TimeSpan.FromSeconds(30));

    public RecordingStoreTests()
    {
        _database = new RecordingDatabase(Path.Combine(_directory, "nested", "audit.recordings.db"));
        _store = new RecordingStore(_database);
        _reader = new RecordingReader(_database);
    }

    [Fact]
    public void Session_IsReadBack_StatesAndEventsInTimeOrder_WithTraceIds_AndTheFleetsEStop()
    {
        var trace = ActivityTraceId.CreateRandom();
        _store.Append([
            Entry(Noon, State("Torvalds", Direction.Forward, "bob")),
            new PendingEntry(Noon, trace, State("Linus", Direction.Forward, version: 2, pose: new Pose(0, 0, 0)), null),
            new PendingEntry(Noon, trace, null, Record(Noon, "Linus", RobotActions.Drive)),
            Entry(Noon.AddMilliseconds(100), State("Linus", Direction.Forward, version: 3, pose: new Pose(0.04, 0, 0))),
            Entry(Record(Noon.AddMilliseconds(150), null, "estop")),
            Entry(Record(Noon.AddMilliseconds(150), null, "sign-in")),
            Entry(Record(Noon.AddMilliseconds(160), "Torvalds", RobotActions.Drive)),
            Entry(Noon.AddMilliseconds(150), State("Linus", Direction.Stop, version: 4, pose: new Pose(0.06, 0, 0))),
        ], _sessions);

        var session = Assert.Single(_reader.Sessions(new RecordingQuery("LINUS", null, null, 10)));
        Assert.Equal(("Linus", "alice", Noon, Noon.AddMilliseconds(150), 1, 0, 1),
            (session.Robot, session.Driver, session.Start, session.End, session.Commands, session.Refusals, session.Stops));
        Assert.Equal(session, _reader.Session(session.Id));

        var entries = _reader.Entries(session).ToList();
        Assert.Equal(["state 2", "event drive", "state 3", "state 4", "event estop"],
            entries.Select(e => e.State is { } s ? $"state {s.Version}" : $"event {e.Event!.Action}"));
        Assert.Equal([trace.ToHexString(), trace.ToHexString(), null, null, null], entries.Select(e => e.TraceId));
        var moving = entries[2].State!;
        Assert.Equal((new Pose(0.04, 0, 0), 0.5, 0.5, Direction.Forward, 1.0, EyeState.Off, "alice", true),
            (moving.Pose, moving.Left, moving.Right, moving.Motion, moving.Speed, moving.Eye, moving.Driver, moving.Connected));
        Assert.Equal([45.0], moving.Servos);
        Assert.Equal("forward", entries[1].Event!.Parameters!["direction"]);
    }

    [Fact]
    public void Sessions_OverlappingTheRange_NewestFirst_AndLimited()
    {
        foreach (var minute in new[] { 0, 10, 20 })
        {
            _store.Append([
                Entry(Noon.AddMinutes(minute), State("Linus", Direction.Forward)),
                Entry(Noon.AddMinutes(minute).AddSeconds(5), State("Linus", Direction.Stop)),
            ], _sessions);
        }

        var all = _reader.Sessions(new RecordingQuery(null, null, null, 10));
        Assert.Equal([Noon.AddMinutes(20), Noon.AddMinutes(10), Noon], all.Select(s => s.Start));
        Assert.Equal([Noon.AddMinutes(10)], _reader.Sessions(new RecordingQuery(null, Noon.AddMinutes(10).AddSeconds(5), Noon.AddMinutes(19), 10)).Select(s => s.Start));
        Assert.Empty(_reader.Sessions(new RecordingQuery(null, Noon.AddMinutes(10).AddSeconds(6), Noon.AddMinutes(19), 10)));
        Assert.Single(_reader.Sessions(new RecordingQuery(null, null, null, 1)));
        Assert.Empty(_reader.Sessions(new RecordingQuery("Torvalds", null, null, 10)));
    }

    [Fact]
    public void Append_IsAllOrNothing()
    {
        _store.Append([Entry(Noon, State("Linus", Direction.Forward))], _sessions);

        // A null user breaks the NOT NULL constraint halfway through the batch.
        Assert.ThrowsAny<Exception>(() => _store.Append([
            Entry(Noon.AddSeconds(1), State("Linus", Direction.Stop)),
            Entry(Record(Noon.AddSeconds(1), "Linus", RobotActions.Stop, user: null!)),
        ], _sessions));

        var session = Assert.Single(_reader.Sessions(new RecordingQuery(null, null, null, 10)));
        Assert.Single(_reader.Entries(session));
    }

    [Fact]
    public void DeleteBefore_DeletesOlderRowsAndSessions_CutsTheOneThatSpansIt_AndNeverReusesAnId()
    {
        _store.Append([
            Entry(Noon, State("Linus", Direction.Forward)),
            Entry(Noon.AddMinutes(1), State("Linus", Direction.Stop)),
            Entry(Noon.AddMinutes(10), State("Linus", Direction.Forward)),
            Entry(Record(Noon.AddMinutes(10), "Linus", RobotActions.Drive)),
            Entry(Noon.AddMinutes(12), State("Linus", Direction.Stop)),
        ], _sessions);
        var second = _reader.Sessions(new RecordingQuery(null, null, null, 10))[0];

        Assert.Equal((3, 1), _store.DeleteBefore(Noon.AddMinutes(11)));

        var cut = Assert.Single(_reader.Sessions(new RecordingQuery(null, null, null, 10)));
        Assert.Equal((second.Id, Noon.AddMinutes(11), Noon.AddMinutes(12)), (cut.Id, cut.Start, cut.End));
        Assert.Equal(Noon.AddMinutes(12), Assert.Single(_reader.Entries(cut)).Time);

        _store.DeleteBefore(Noon.AddHours(1));
        _store.Append([Entry(Noon.AddHours(2), State("Linus", Direction.Forward))], _sessions);
        Assert.True(Assert.Single(_reader.Sessions(new RecordingQuery(null, null, null, 10))).Id > second.Id);
    }

    [Fact]
    public void Retention_KeepsTheStoreUnderItsSizeLimit_ByDeletingTheOldest()
    {
        var options = new RecordingOptions { MaxSizeMegabytes = 1, RetentionDays = 7 };
        var start = Noon;
        for (var batch = 0; batch < 40; batch++)
        {
            _store.Append([.. Enumerable.Range(0, 1000).Select(i =>
                Entry(start.AddMilliseconds((batch * 1000 + i) * 100), State("Linus", Direction.Forward, version: batch * 1000 + i, pose: new Pose(i, -i, 0.5))))], _sessions);
        }

        Assert.True(_store.UsedBytes() > 2 * options.MaxSizeBytes, $"the store holds {_store.UsedBytes()} bytes: fill it more");

        using var metrics = new RecordingMetrics(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));
        new RecordingRetention(_store, options, metrics, NullLogger.Instance).Run(start.AddHours(2));

        Assert.InRange(_store.UsedBytes(), options.MaxSizeBytes / 2, options.MaxSizeBytes);
        var session = Assert.Single(_reader.Sessions(new RecordingQuery(null, null, null, 10)));
        var kept = _reader.Entries(session).ToList();
        Assert.Equal(40 * 1000 - 1, kept[^1].State!.Version); // the newest are kept ...
        Assert.Equal(session.Start, kept[0].Time);           // ... and the session starts where they do
        Assert.True(kept[0].Time > start);
    }

    [Fact]
    public void Retention_DeletesWhatIsOlderThanRetentionDays()
    {
        _store.Append([
            Entry(Noon.AddDays(-8), State("Linus", Direction.Forward)),
            Entry(Noon.AddDays(-8).AddMinutes(1), State("Linus", Direction.Stop)),
            Entry(Noon.AddDays(-1), State("Linus", Direction.Forward)),
        ], _sessions);

        using var metrics = new RecordingMetrics(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));
        new RecordingRetention(_store, new RecordingOptions { RetentionDays = 7 }, metrics, NullLogger.Instance).Run(Noon);

        Assert.Equal(Noon.AddDays(-1), Assert.Single(_reader.Sessions(new RecordingQuery(null, null, null, 10))).Start);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
