using System.Text.Json;
using DualRobot.Api.Audit;
using DualRobot.Api.Robots;
using Microsoft.Data.Sqlite;

namespace DualRobot.Api.Recording;

/// <summary>
/// The write side of the recording: batches of states and events with the sessions they touched, in one transaction,
/// and the deletions of retention. Only the <see cref="RecordingWriter"/> calls it (tests and benchmarks aside).
/// </summary>
public sealed class RecordingStore(RecordingDatabase database)
{
    public string FullPath => database.FullPath;

    /// <summary>Writes every entry and the sessions they changed in one transaction: all or none.</summary>
    internal void Append(IReadOnlyList<PendingEntry> batch, SessionTracker sessions)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var states = new PreparedInsert(connection, StateInsert);
        using var events = new PreparedInsert(connection, EventInsert);
        var touched = new List<OpenSession>();
        var servos = new ServosText();
        foreach (var entry in batch)
        {
            var trace = entry.TraceId == default ? null : entry.TraceId.ToHexString();
            var time = RecordingDatabase.ToMicroseconds(entry.Time);
            if (entry.State is { } published)
            {
                var state = RecordedState.From(published);
                Insert(states, time, trace, state, servos.Of(state.Servos));
                Touch(touched, sessions.Observe(entry.Time, state));
            }
            else if (entry.Event is { } record)
            {
                Insert(events, time, trace, record);
                Touch(touched, sessions.Observe(entry.Time, record));
            }
        }

        foreach (var session in touched)
        {
            Save(connection, session);
        }

        transaction.Commit();
    }

    /// <summary>Bytes the store's pages hold (free pages not counted: they are reused, and vacuumed after deletions).</summary>
    public long UsedBytes()
    {
        using var connection = database.Open();
        using var size = connection.CreateCommand();
        size.CommandText = "SELECT (SELECT page_count FROM pragma_page_count()) - (SELECT freelist_count FROM pragma_freelist_count()), (SELECT page_size FROM pragma_page_size())";
        using var reader = size.ExecuteReader();
        reader.Read();
        return reader.GetInt64(0) * reader.GetInt64(1);
    }

    /// <summary>
    /// The time before which about <paramref name="fraction"/> of the recorded states lie (rows are numbered in the
    /// order they were recorded); null for an empty store.
    /// </summary>
    public DateTimeOffset? CutoffForOldest(double fraction)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1);
        using var connection = database.Open();
        using var cutoff = connection.CreateCommand();
        cutoff.CommandText = """
            SELECT time_us FROM states
            WHERE id >= (SELECT min(id) + CAST(($fraction * (max(id) - min(id) + 1)) AS INTEGER) FROM states)
            ORDER BY id LIMIT 1
            """;
        cutoff.Parameters.AddWithValue("$fraction", fraction);
        return cutoff.ExecuteScalar() is long time ? RecordingDatabase.FromMicroseconds(time) : null;
    }

    /// <summary>
    /// Deletes every state and event recorded before <paramref name="cutoff"/>, the sessions that ended before it, and
    /// cuts the one that spans it; then gives the freed pages back. Rows are numbered in the order they were recorded,
    /// so the oldest are found by their number, without a time index over all robots.
    /// </summary>
    public (int States, int Events) DeleteBefore(DateTimeOffset cutoff)
    {
        var before = RecordingDatabase.ToMicroseconds(cutoff);
        using var connection = database.Open();
        int states, events;
        using (var transaction = connection.BeginTransaction())
        {
            states = DeleteOldest(connection, "states", before);
            events = DeleteOldest(connection, "events", before);
            using var sessions = connection.CreateCommand();
            sessions.CommandText = """
                DELETE FROM sessions WHERE end_us < $before;
                UPDATE sessions SET start_us = $before WHERE start_us < $before;
                """;
            sessions.Parameters.AddWithValue("$before", before);
            sessions.ExecuteNonQuery();
            transaction.Commit();
        }

        using var vacuum = connection.CreateCommand();
        vacuum.CommandText = "PRAGMA incremental_vacuum";
        vacuum.ExecuteNonQuery();
        return (states, events);
    }

    private static int DeleteOldest(SqliteConnection connection, string table, long before)
    {
        using var delete = connection.CreateCommand();
        delete.CommandText = $"""
            DELETE FROM {table} WHERE id < coalesce(
                (SELECT id FROM {table} WHERE time_us >= $before ORDER BY id LIMIT 1),
                (SELECT max(id) + 1 FROM {table}))
            """;
        delete.Parameters.AddWithValue("$before", before);
        return delete.ExecuteNonQuery();
    }

    private static void Touch(List<OpenSession> touched, OpenSession? session)
    {
        if (session is not null && !touched.Contains(session))
        {
            touched.Add(session);
        }
    }

    private const string StateInsert = """
        INSERT INTO states (time_us, robot, version, x, y, heading, left_side, right_side, motion, speed, eye, servos, driver, estop, connected, trace)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
        """;

    private static void Insert(PreparedInsert insert, long time, string? trace, RecordedState state, string? servos)
    {
        insert.Bind(1, time);
        insert.Bind(2, state.Robot);
        insert.Bind(3, state.Version);
        insert.Bind(4, state.Pose.X);
        insert.Bind(5, state.Pose.Y);
        insert.Bind(6, state.Pose.Heading);
        insert.Bind(7, state.Left);
        insert.Bind(8, state.Right);
        insert.Bind(9, WireNames.Of(state.Motion));
        insert.Bind(10, state.Speed);
        insert.Bind(11, WireNames.Of(state.Eye));
        insert.Bind(12, servos);
        insert.Bind(13, state.Driver);
        insert.Bind(14, state.EmergencyStopLatched);
        insert.Bind(15, state.Connected);
        insert.Bind(16, trace);
        insert.Execute();
    }

    /// <summary>
    /// The servos column of a batch's states: their angles rarely change from one state to the next, so the text of the
    /// last one is kept rather than written anew for every row.
    /// </summary>
    private sealed class ServosText
    {
        private double?[] _angles = [];
        private string? _text;

        public string? Of(IReadOnlyList<double?> angles)
        {
            if (!angles.SequenceEqual(_angles))
            {
                _angles = [.. angles];
                _text = angles.Count == 0 ? null : JsonSerializer.Serialize(angles, RecordingJsonContext.Default.IReadOnlyListNullableDouble);
            }

            return _text;
        }
    }

    private const string EventInsert = """
        INSERT INTO events (time_us, robot, user, action, parameters, outcome, detail, trace)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
        """;

    private static void Insert(PreparedInsert insert, long time, string? trace, AuditRecord record)
    {
        insert.Bind(1, time);
        insert.Bind(2, record.Robot);
        insert.Bind(3, record.User);
        insert.Bind(4, record.Action);
        insert.Bind(5, record.Parameters is { Count: > 0 } parameters
            ? JsonSerializer.Serialize(parameters, RecordingJsonContext.Default.IReadOnlyDictionaryStringString)
            : null);
        insert.Bind(6, record.Outcome);
        insert.Bind(7, record.Detail);
        insert.Bind(8, trace);
        insert.Execute();
    }

    private static void Save(SqliteConnection connection, OpenSession session)
    {
        using var save = connection.CreateCommand();
        save.CommandText = session.Id == 0
            ? """
              INSERT INTO sessions (robot, driver, start_us, end_us, commands, refusals, stops)
              VALUES ($robot, $driver, $start, $end, $commands, $refusals, $stops) RETURNING id
              """
            : "UPDATE sessions SET end_us = $end, commands = $commands, refusals = $refusals, stops = $stops WHERE id = $id RETURNING id";
        save.Parameters.AddWithValue("$id", session.Id);
        save.Parameters.AddWithValue("$robot", session.Robot);
        save.Parameters.AddWithValue("$driver", (object?)session.Driver ?? DBNull.Value);
        save.Parameters.AddWithValue("$start", RecordingDatabase.ToMicroseconds(session.Start));
        save.Parameters.AddWithValue("$end", RecordingDatabase.ToMicroseconds(session.End));
        save.Parameters.AddWithValue("$commands", session.Commands);
        save.Parameters.AddWithValue("$refusals", session.Refusals);
        save.Parameters.AddWithValue("$stops", session.Stops);
        if (save.ExecuteScalar() is long id)
        {
            session.Id = id;
        }
    }
}
