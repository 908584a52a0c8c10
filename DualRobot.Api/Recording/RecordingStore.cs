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
        using var states = StateInsert(connection);
        using var events = EventInsert(connection);
        var touched = new List<OpenSession>();
        var servos = new ServosText();
        foreach (var entry in batch)
        {
            var trace = entry.TraceId == default ? (object)DBNull.Value : entry.TraceId.ToHexString();
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

    private static SqliteCommand StateInsert(SqliteConnection connection) => Command(connection, """
        INSERT INTO states (time_us, robot, version, x, y, heading, left_side, right_side, motion, speed, eye, servos, driver, estop, connected, trace)
        VALUES ($time, $robot, $version, $x, $y, $heading, $left, $right, $motion, $speed, $eye, $servos, $driver, $estop, $connected, $trace)
        """, "$time", "$robot", "$version", "$x", "$y", "$heading", "$left", "$right", "$motion", "$speed", "$eye", "$servos", "$driver", "$estop", "$connected", "$trace");

    private static void Insert(SqliteCommand insert, long time, object trace, RecordedState state, object servos)
    {
        var values = insert.Parameters;
        values[0].Value = time;
        values[1].Value = state.Robot;
        values[2].Value = state.Version;
        values[3].Value = state.Pose.X;
        values[4].Value = state.Pose.Y;
        values[5].Value = state.Pose.Heading;
        values[6].Value = state.Left;
        values[7].Value = state.Right;
        values[8].Value = WireNames.Of(state.Motion);
        values[9].Value = (object?)state.Speed ?? DBNull.Value;
        values[10].Value = WireNames.Of(state.Eye);
        values[11].Value = servos;
        values[12].Value = (object?)state.Driver ?? DBNull.Value;
        values[13].Value = state.EmergencyStopLatched;
        values[14].Value = state.Connected;
        values[15].Value = trace;
        insert.ExecuteNonQuery();
    }

    /// <summary>
    /// The servos column of a batch's states: their angles rarely change from one state to the next, so the text of the
    /// last one is kept rather than written anew for every row.
    /// </summary>
    private sealed class ServosText
    {
        private double?[] _angles = [];
        private object _text = DBNull.Value;

        public object Of(IReadOnlyList<double?> angles)
        {
            if (!angles.SequenceEqual(_angles))
            {
                _angles = [.. angles];
                _text = angles.Count == 0 ? DBNull.Value : JsonSerializer.Serialize(angles, RecordingJsonContext.Default.IReadOnlyListNullableDouble);
            }

            return _text;
        }
    }

    private static SqliteCommand EventInsert(SqliteConnection connection) => Command(connection, """
        INSERT INTO events (time_us, robot, user, action, parameters, outcome, detail, trace)
        VALUES ($time, $robot, $user, $action, $parameters, $outcome, $detail, $trace)
        """, "$time", "$robot", "$user", "$action", "$parameters", "$outcome", "$detail", "$trace");

    private static void Insert(SqliteCommand insert, long time, object trace, AuditRecord record)
    {
        var values = insert.Parameters;
        values[0].Value = time;
        values[1].Value = (object?)record.Robot ?? DBNull.Value;
        values[2].Value = record.User;
        values[3].Value = record.Action;
        values[4].Value = record.Parameters is { Count: > 0 } parameters
            ? JsonSerializer.Serialize(parameters, RecordingJsonContext.Default.IReadOnlyDictionaryStringString)
            : DBNull.Value;
        values[5].Value = record.Outcome;
        values[6].Value = (object?)record.Detail ?? DBNull.Value;
        values[7].Value = trace;
        insert.ExecuteNonQuery();
    }

    /// <summary>A statement prepared once per batch, its parameters set by position for each row.</summary>
    private static SqliteCommand Command(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
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
