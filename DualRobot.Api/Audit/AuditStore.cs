using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;

namespace DualRobot.Api.Audit;

/// <summary>
/// The trail in one SQLite file (write-ahead log, so queries never wait for a batch being written). Only the
/// <see cref="AuditWriter"/> writes; any thread may query.
/// </summary>
public sealed class AuditStore
{
    // count and last_ms came with counted refusals: a store made before them gets them added (count 1, last null).
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            time_ms INTEGER NOT NULL,
            user TEXT NOT NULL,
            robot TEXT,
            action TEXT NOT NULL,
            parameters TEXT,
            outcome TEXT NOT NULL,
            detail TEXT,
            count INTEGER NOT NULL DEFAULT 1,
            last_ms INTEGER);
        CREATE INDEX IF NOT EXISTS audit_time ON audit (time_ms);
        """;

    private const string CountedRefusals = """
        ALTER TABLE audit ADD COLUMN count INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE audit ADD COLUMN last_ms INTEGER;
        """;

    // One row per repeat of refusals (the only records with a last_ms): the writer writes it again as it grows.
    private const string RepeatIndex = """
        CREATE UNIQUE INDEX IF NOT EXISTS audit_repeat ON audit (time_ms, user, robot, action, outcome) WHERE last_ms IS NOT NULL;
        """;

    private readonly string _connectionString;
    private volatile bool _created;

    public AuditStore(string path)
    {
        FullPath = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = 5,
        }.ToString();
    }

    public string FullPath { get; }

    /// <summary>
    /// Writes every record in one transaction: all or none. A record of counted refusals (with <c>Last</c>) that is
    /// in the store already, from when it counted fewer, is brought up to date instead of added again.
    /// </summary>
    /// <returns>The records as written, each with its id (a counted one keeps the id it was first written with).</returns>
    public IReadOnlyList<AuditRecord> Append(IReadOnlyList<AuditRecord> records)
    {
        var written = new List<AuditRecord>(records.Count);
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO audit (time_ms, user, robot, action, parameters, outcome, detail, count, last_ms)
            VALUES ($time, $user, $robot, $action, $parameters, $outcome, $detail, $count, $last)
            ON CONFLICT (time_ms, user, robot, action, outcome) WHERE last_ms IS NOT NULL
            DO UPDATE SET count = excluded.count, last_ms = excluded.last_ms, parameters = excluded.parameters
            RETURNING id
            """;
        var time = insert.Parameters.Add("$time", SqliteType.Integer);
        var user = insert.Parameters.Add("$user", SqliteType.Text);
        var robot = insert.Parameters.Add("$robot", SqliteType.Text);
        var action = insert.Parameters.Add("$action", SqliteType.Text);
        var parameters = insert.Parameters.Add("$parameters", SqliteType.Text);
        var outcome = insert.Parameters.Add("$outcome", SqliteType.Text);
        var detail = insert.Parameters.Add("$detail", SqliteType.Text);
        var count = insert.Parameters.Add("$count", SqliteType.Integer);
        var last = insert.Parameters.Add("$last", SqliteType.Integer);
        foreach (var record in records)
        {
            time.Value = record.Time.ToUnixTimeMilliseconds();
            user.Value = record.User;
            robot.Value = (object?)record.Robot ?? DBNull.Value;
            action.Value = record.Action;
            parameters.Value = record.Parameters is { Count: > 0 } values
                ? JsonSerializer.Serialize(values, AuditJsonContext.Default.IReadOnlyDictionaryStringString)
                : DBNull.Value;
            outcome.Value = record.Outcome;
            detail.Value = (object?)record.Detail ?? DBNull.Value;
            count.Value = record.Count;
            last.Value = (object?)record.Last?.ToUnixTimeMilliseconds() ?? DBNull.Value;
            written.Add(record with { Id = (long)insert.ExecuteScalar()! });
        }

        transaction.Commit();
        return written;
    }

    /// <summary>
    /// Newest first (counted refusals by their first). Robot and user match without regard to case, as they are
    /// looked up everywhere else; counted refusals are since a time if their last one is.
    /// </summary>
    public IReadOnlyList<AuditRecord> Query(AuditQuery query)
    {
        using var connection = Open();
        using var select = connection.CreateCommand();
        select.CommandText = """
            SELECT id, time_ms, user, robot, action, parameters, outcome, detail, count, last_ms FROM audit
            WHERE ($robot IS NULL OR robot = $robot COLLATE NOCASE)
              AND ($user IS NULL OR user = $user COLLATE NOCASE)
              AND ($since IS NULL OR coalesce(last_ms, time_ms) >= $since)
            ORDER BY id DESC
            LIMIT $limit
            """;
        select.Parameters.AddWithValue("$robot", (object?)query.Robot ?? DBNull.Value);
        select.Parameters.AddWithValue("$user", (object?)query.User ?? DBNull.Value);
        select.Parameters.AddWithValue("$since", (object?)query.Since?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        select.Parameters.AddWithValue("$limit", query.Limit);

        var records = new List<AuditRecord>();
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            records.Add(new AuditRecord(
                reader.GetInt64(0),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : JsonSerializer.Deserialize(reader.GetString(5), AuditJsonContext.Default.IReadOnlyDictionaryStringString),
                reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.GetInt32(8),
                reader.IsDBNull(9) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9))));
        }

        return records;
    }

    /// <summary>Deletes what is older than <paramref name="cutoff"/>; returns how many records went.</summary>
    public int DeleteOlderThan(DateTimeOffset cutoff)
    {
        using var connection = Open();
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM audit WHERE time_ms < $cutoff";
        delete.Parameters.AddWithValue("$cutoff", cutoff.ToUnixTimeMilliseconds());
        return delete.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        if (!_created)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(FullPath)!);
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            if (!_created)
            {
                using var schema = connection.CreateCommand();
                schema.CommandText = Schema;
                schema.ExecuteNonQuery();
                schema.CommandText = "SELECT count(*) FROM pragma_table_info('audit') WHERE name = 'last_ms'";
                if (Convert.ToInt64(schema.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
                {
                    schema.CommandText = CountedRefusals;
                    schema.ExecuteNonQuery();
                }

                schema.CommandText = RepeatIndex;
                schema.ExecuteNonQuery();
                _created = true;
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}

[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;
