using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace DualRobot.Api.Safety;

/// <summary>
/// What supervisors change in the envelope, kept across restarts in one SQLite file beside the audit trail: the zones
/// they drew and the robots they put in slow mode, and the zones' version (so it never repeats after a restart).
/// Written only on a supervisor's request, never on the command path.
/// </summary>
internal sealed class SafetyStore
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS zones (
            name TEXT PRIMARY KEY COLLATE NOCASE,
            shape TEXT NOT NULL,
            changed_by TEXT NOT NULL,
            changed_ms INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS slow_mode (
            robot TEXT PRIMARY KEY COLLATE NOCASE,
            changed_by TEXT NOT NULL,
            changed_ms INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS counters (
            name TEXT PRIMARY KEY,
            value INTEGER NOT NULL);
        """;

    private readonly string _connectionString;
    private readonly Lazy<bool> _schema;

    public SafetyStore(string path)
    {
        FullPath = Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = FullPath, Mode = SqliteOpenMode.ReadWriteCreate, DefaultTimeout = 5 }.ToString();
        // Not cached when it fails: a volume that was read-only at the first attempt may be writable at the next.
        _schema = new Lazy<bool>(() =>
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FullPath)!);
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            Execute(connection, Schema);
            return true;
        }, LazyThreadSafetyMode.PublicationOnly);
    }

    public string FullPath { get; }

    /// <summary>Why changes are not being kept, or null while the store takes them.</summary>
    public string? Problem { get; private set; }

    /// <summary>
    /// What is kept, read at start. A store that does not exist and cannot be created (a read-only volume) holds
    /// nothing to lose: the api starts with the configured zones, says why in <see cref="Problem"/>, and every change
    /// is refused until it can be written. One that exists but cannot be read stops the start: its drawn zones would
    /// silently no longer apply.
    /// </summary>
    public SafetyStoreContents Load(TimeProvider time, ILogger logger)
    {
        try
        {
            return new SafetyStoreContents(Zones(), SlowRobots(), NextVersion());
        }
        catch (Exception ex) when (IsStoreFailure(ex) && !File.Exists(FullPath))
        {
            Problem = $"The safety store {FullPath} cannot be created ({ex.Message}): only the configured zones apply, and no zone or slow mode can be changed.";
            SafetyLog.StoreUnavailable(logger, ex, FullPath);

            // A version no earlier start served: the time, as no counter can be kept.
            return new SafetyStoreContents([], new HashSet<string>(), time.GetUtcNow().ToUnixTimeMilliseconds());
        }
        catch (Exception ex) when (IsStoreFailure(ex))
        {
            throw new InvalidOperationException(
                $"The safety store {FullPath} exists but cannot be read, so the keep-out zones supervisors drew would no longer apply. "
                + "Make it readable and writable by the api, or move it away to start without them.", ex);
        }
    }

    /// <summary>What a store that cannot be reached throws (a full or read-only volume, a missing folder).</summary>
    public static bool IsStoreFailure(Exception exception) => exception is SqliteException or IOException or UnauthorizedAccessException;

    /// <summary>Records how the last change went: a failure is the store's problem until a change is written again.</summary>
    public void Written(Exception? failure) =>
        Problem = failure is null ? null : $"The safety store {FullPath} cannot be written ({failure.Message}): zones and slow mode cannot be changed.";

    private IReadOnlyList<KeepOutZone> Zones()
    {
        using var connection = Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT name, shape, changed_by, changed_ms FROM zones ORDER BY name";
        using var reader = select.ExecuteReader();
        var zones = new List<KeepOutZone>();
        while (reader.Read())
        {
            var shape = JsonSerializer.Deserialize(reader.GetString(1), ContractJsonContext.Default.ZoneRequest)!;
            zones.Add(new KeepOutZone(reader.GetString(0), shape.Robot, shape.Rectangle, shape.Polygon, ZoneSource.Supervisor,
                reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
        }

        return zones;
    }

    /// <summary>Adds or replaces a zone and steps the version, in one transaction; returns the new version.</summary>
    public long Put(KeepOutZone zone)
    {
        var shape = JsonSerializer.Serialize(new ZoneRequest(zone.Robot, zone.Rectangle, zone.Polygon), ContractJsonContext.Default.ZoneRequest);
        return Change("""
            INSERT INTO zones (name, shape, changed_by, changed_ms) VALUES ($name, $shape, $by, $at)
            ON CONFLICT (name) DO UPDATE SET name = excluded.name, shape = excluded.shape, changed_by = excluded.changed_by, changed_ms = excluded.changed_ms
            """, ("$name", zone.Name), ("$shape", shape), ("$by", zone.ChangedBy ?? ""), ("$at", zone.ChangedAt?.ToUnixTimeMilliseconds() ?? 0));
    }

    /// <summary>Deletes a zone and steps the version; returns the new version.</summary>
    public long Delete(string name) => Change("DELETE FROM zones WHERE name = $name", ("$name", name));

    /// <summary>Steps the zones' version by itself: at start, so a restart never serves an old version with other zones.</summary>
    private long NextVersion() => Change(null);

    private IReadOnlySet<string> SlowRobots()
    {
        using var connection = Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT robot FROM slow_mode";
        using var reader = select.ExecuteReader();
        var robots = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read())
        {
            robots.Add(reader.GetString(0));
        }

        return robots;
    }

    public void SetSlowMode(string robot, bool enabled, string user, DateTimeOffset at)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = enabled
            ? "INSERT OR REPLACE INTO slow_mode (robot, changed_by, changed_ms) VALUES ($robot, $by, $at)"
            : "DELETE FROM slow_mode WHERE robot = $robot";
        command.Parameters.AddWithValue("$robot", robot);
        command.Parameters.AddWithValue("$by", user);
        command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }

    private long Change(string? sql, params (string Name, object Value)[] parameters)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        if (sql is not null)
        {
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            command.ExecuteNonQuery();
            command.Parameters.Clear();
        }

        command.CommandText = """
            INSERT INTO counters (name, value) VALUES ('zones_version', 1)
            ON CONFLICT (name) DO UPDATE SET value = value + 1
            RETURNING value
            """;
        var version = (long)command.ExecuteScalar()!;
        transaction.Commit();
        return version;
    }

    private SqliteConnection Open()
    {
        _ = _schema.Value;
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>What the safety store held at start.</summary>
internal sealed record SafetyStoreContents(IReadOnlyList<KeepOutZone> Zones, IReadOnlySet<string> SlowRobots, long Version);

