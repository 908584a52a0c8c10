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
            detail TEXT);
        CREATE INDEX IF NOT EXISTS audit_time ON audit (time_ms);
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

    /// <summary>Writes every record in one transaction: all or none.</summary>
    public void Append(IReadOnlyList<AuditRecord> records)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO audit (time_ms, user, robot, action, parameters, outcome, detail)
            VALUES ($time, $user, $robot, $action, $parameters, $outcome, $detail)
            """;
        var time = insert.Parameters.Add("$time", SqliteType.Integer);
        var user = insert.Parameters.Add("$user", SqliteType.Text);
        var robot = insert.Parameters.Add("$robot", SqliteType.Text);
        var action = insert.Parameters.Add("$action", SqliteType.Text);
        var parameters = insert.Parameters.Add("$parameters", SqliteType.Text);
        var outcome = insert.Parameters.Add("$outcome", SqliteType.Text);
        var detail = insert.Parameters.Add("$detail", SqliteType.Text);
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
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>Newest first. Robot and user match without regard to case, as they are looked up everywhere else.</summary>
    public IReadOnlyList<AuditRecord> Query(AuditQuery query)
    {
        using var connection = Open();
        using var select = connection.CreateCommand();
        select.CommandText = """
            SELECT id, time_ms, user, robot, action, parameters, outcome, detail FROM audit
            WHERE ($robot IS NULL OR robot = $robot COLLATE NOCASE)
              AND ($user IS NULL OR user = $user COLLATE NOCASE)
              AND ($since IS NULL OR time_ms >= $since)
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
                reader.IsDBNull(7) ? null : reader.GetString(7)));
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
