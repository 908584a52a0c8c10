using System.Runtime.CompilerServices;
using System.Text.Json;
using DualRobot.Api.Audit;
using DualRobot.Api.Robots;
using DualRobot.Api.Robots.Motion;
using Microsoft.Data.Sqlite;

namespace DualRobot.Api.Recording;

/// <summary>
/// The read side of the recording: sessions, and a session's states and events in time order, streamed row by row
/// from one consistent snapshot of the store (a recording is never built in memory). Any thread may read.
/// </summary>
public sealed class RecordingReader(RecordingDatabase database)
{
    // What concerns every robot and so belongs in each robot's recording.
    private static readonly string[] FleetActions = [RobotActions.EmergencyStop, RobotActions.EmergencyStopRelease];

    /// <summary>Newest first. The robot matches without regard to case, as robots are looked up everywhere else.</summary>
    public IReadOnlyList<RecordingSession> Sessions(RecordingQuery query)
    {
        using var connection = database.Open();
        using var select = connection.CreateCommand();
        select.CommandText = """
            SELECT id, robot, driver, start_us, end_us, commands, refusals, stops FROM sessions
            WHERE ($robot IS NULL OR robot = $robot COLLATE NOCASE)
              AND ($from IS NULL OR end_us >= $from)
              AND ($to IS NULL OR start_us <= $to)
            ORDER BY start_us DESC, id DESC
            LIMIT $limit
            """;
        select.Parameters.AddWithValue("$robot", (object?)query.Robot ?? DBNull.Value);
        select.Parameters.AddWithValue("$from", query.From is { } from ? RecordingDatabase.ToMicroseconds(from) : DBNull.Value);
        select.Parameters.AddWithValue("$to", query.To is { } to ? RecordingDatabase.ToMicroseconds(to) : DBNull.Value);
        select.Parameters.AddWithValue("$limit", query.Limit);
        return [.. ReadSessions(select)];
    }

    public RecordingSession? Session(long id)
    {
        using var connection = database.Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT id, robot, driver, start_us, end_us, commands, refusals, stops FROM sessions WHERE id = $id";
        select.Parameters.AddWithValue("$id", id);
        return ReadSessions(select).SingleOrDefault();
    }

    /// <summary>
    /// The session's states and events in time order (at the same instant, in the order they were recorded: a
    /// command's state before its audit record). Reads as it is enumerated; the caller's pace holds one read snapshot open.
    /// </summary>
    public async IAsyncEnumerable<RecordingEntry> EntriesAsync(RecordingSession session, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield(); // the first rows are read on the caller's next await, not inside the call
        foreach (var entry in Entries(session))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }
    }

    /// <summary>The same, synchronously.</summary>
    public IEnumerable<RecordingEntry> Entries(RecordingSession session)
    {
        using var connection = database.Open();
        using var snapshot = connection.BeginTransaction(deferred: true);
        var from = RecordingDatabase.ToMicroseconds(session.Start);
        var to = RecordingDatabase.ToMicroseconds(session.End);

        using var states = connection.CreateCommand();
        states.CommandText = """
            SELECT time_us, trace, robot, version, x, y, heading, left_side, right_side, motion, speed, eye, servos, driver, estop, connected
            FROM states WHERE robot = $robot AND time_us BETWEEN $from AND $to ORDER BY time_us, id
            """;
        using var events = connection.CreateCommand();
        events.CommandText = $"""
            SELECT time_us, trace, user, robot, action, parameters, outcome, detail, id FROM events
            WHERE robot = $robot AND time_us BETWEEN $from AND $to
            UNION ALL
            SELECT time_us, trace, user, robot, action, parameters, outcome, detail, id FROM events
            WHERE robot IS NULL AND action IN ('{string.Join("', '", FleetActions)}') AND time_us BETWEEN $from AND $to
            ORDER BY time_us, id
            """;
        foreach (var command in new[] { states, events })
        {
            command.Parameters.AddWithValue("$robot", session.Robot);
            command.Parameters.AddWithValue("$from", from);
            command.Parameters.AddWithValue("$to", to);
        }

        using var stateRows = states.ExecuteReader();
        using var eventRows = events.ExecuteReader();
        var moreStates = stateRows.Read();
        var moreEvents = eventRows.Read();
        while (moreStates || moreEvents)
        {
            // Merged by time; at the same instant the state first, as it was recorded first.
            if (moreStates && (!moreEvents || stateRows.GetInt64(0) <= eventRows.GetInt64(0)))
            {
                yield return ReadState(stateRows);
                moreStates = stateRows.Read();
            }
            else
            {
                yield return ReadEvent(eventRows);
                moreEvents = eventRows.Read();
            }
        }
    }

    private static IEnumerable<RecordingSession> ReadSessions(SqliteCommand select)
    {
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            yield return new RecordingSession(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                RecordingDatabase.FromMicroseconds(reader.GetInt64(3)),
                RecordingDatabase.FromMicroseconds(reader.GetInt64(4)),
                reader.GetInt32(5),
                reader.GetInt32(6),
                reader.GetInt32(7));
        }
    }

    private static RecordingEntry ReadState(SqliteDataReader row) => new(
        RecordingDatabase.FromMicroseconds(row.GetInt64(0)),
        row.IsDBNull(1) ? null : row.GetString(1),
        new RecordedState(
            row.GetString(2),
            row.GetInt64(3),
            new Pose(row.GetDouble(4), row.GetDouble(5), row.GetDouble(6)),
            row.GetDouble(7),
            row.GetDouble(8),
            Enum.Parse<Direction>(row.GetString(9), ignoreCase: true),
            row.IsDBNull(10) ? null : row.GetDouble(10),
            Enum.Parse<EyeState>(row.GetString(11), ignoreCase: true),
            row.IsDBNull(12) ? [] : JsonSerializer.Deserialize(row.GetString(12), RecordingJsonContext.Default.IReadOnlyListNullableDouble)!,
            row.IsDBNull(13) ? null : row.GetString(13),
            row.GetBoolean(14),
            row.GetBoolean(15)),
        null);

    private static RecordingEntry ReadEvent(SqliteDataReader row) => new(
        RecordingDatabase.FromMicroseconds(row.GetInt64(0)),
        row.IsDBNull(1) ? null : row.GetString(1),
        null,
        new RecordedEvent(
            row.GetString(2),
            row.IsDBNull(3) ? null : row.GetString(3),
            row.GetString(4),
            row.IsDBNull(5) ? null : JsonSerializer.Deserialize(row.GetString(5), RecordingJsonContext.Default.IReadOnlyDictionaryStringString),
            row.GetString(6),
            row.IsDBNull(7) ? null : row.GetString(7)));
}
