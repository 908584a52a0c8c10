using Microsoft.Data.Sqlite;

namespace DualRobot.Api.Recording;

/// <summary>
/// The recorder's SQLite file: its schema and its connections. Write-ahead log, so reading a recording never waits for
/// a batch being written; incremental auto-vacuum, so what retention deletes is given back to the volume.
/// </summary>
public sealed class RecordingDatabase
{
    // auto_vacuum only takes effect before the first table exists, hence first.
    private const string Schema = """
        PRAGMA auto_vacuum = INCREMENTAL;
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS states (
            id INTEGER PRIMARY KEY,
            time_us INTEGER NOT NULL,
            robot TEXT NOT NULL,
            version INTEGER NOT NULL,
            x REAL NOT NULL,
            y REAL NOT NULL,
            heading REAL NOT NULL,
            left_side REAL NOT NULL,
            right_side REAL NOT NULL,
            motion TEXT NOT NULL,
            speed REAL,
            eye TEXT NOT NULL,
            servos TEXT,
            driver TEXT,
            estop INTEGER NOT NULL,
            connected INTEGER NOT NULL,
            trace TEXT);
        CREATE INDEX IF NOT EXISTS states_robot_time ON states (robot, time_us);
        CREATE TABLE IF NOT EXISTS events (
            id INTEGER PRIMARY KEY,
            time_us INTEGER NOT NULL,
            robot TEXT,
            user TEXT NOT NULL,
            action TEXT NOT NULL,
            parameters TEXT,
            outcome TEXT NOT NULL,
            detail TEXT,
            trace TEXT);
        CREATE INDEX IF NOT EXISTS events_robot_time ON events (robot, time_us);
        CREATE TABLE IF NOT EXISTS sessions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            robot TEXT NOT NULL,
            driver TEXT,
            start_us INTEGER NOT NULL,
            end_us INTEGER NOT NULL,
            commands INTEGER NOT NULL,
            refusals INTEGER NOT NULL,
            stops INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS sessions_start ON sessions (start_us);
        """;

    // Per connection, not kept in the file. In WAL mode NORMAL syncs the log only at checkpoints, not at every batch's
    // commit: the profile of a drive load showed the recorder's fsync per batch as its largest kernel cost. The store
    // stays consistent; what a power cut (not a crash of the api) can lose is the batches since the last checkpoint.
    private const string Synchronous = "PRAGMA synchronous = NORMAL";

    private readonly string _connectionString;
    private volatile bool _created;

    public RecordingDatabase(string path)
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

    /// <summary>Microseconds since the Unix epoch: the store's time (fine enough to replay a pose within a micrometre).</summary>
    public static long ToMicroseconds(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;

    public static DateTimeOffset FromMicroseconds(long microseconds) => DateTimeOffset.UnixEpoch.AddTicks(microseconds * TimeSpan.TicksPerMicrosecond);

    public SqliteConnection Open()
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

            using var synchronous = connection.CreateCommand();
            synchronous.CommandText = Synchronous;
            synchronous.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
