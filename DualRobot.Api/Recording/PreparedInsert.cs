using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace DualRobot.Api.Recording;

/// <summary>
/// One INSERT prepared once per batch and run for each row with its values bound by position, straight on SQLite's
/// statement. Why not a <see cref="SqliteCommand"/>: per execution it looks every parameter up by name, boxes every
/// value and builds a data reader, which the profile of a drive load showed as most of the recorder's managed cost.
/// </summary>
internal sealed class PreparedInsert : IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;

    public PreparedInsert(SqliteConnection connection, string sql)
    {
        _database = connection.Handle!;
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(_database, sql, out _statement), _database);
    }

    /// <summary>Binds the value of the 1-based parameter <paramref name="index"/>.</summary>
    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    public void Bind(int index, double value) => Check(raw.sqlite3_bind_double(_statement, index, value));

    public void Bind(int index, double? value) => Check(value is { } v
        ? raw.sqlite3_bind_double(_statement, index, v)
        : raw.sqlite3_bind_null(_statement, index));

    public void Bind(int index, bool value) => Bind(index, value ? 1L : 0L);

    public void Bind(int index, string? value) => Check(value is null
        ? raw.sqlite3_bind_null(_statement, index)
        : raw.sqlite3_bind_text(_statement, index, value));

    /// <summary>Inserts the row bound so far and makes the statement ready for the next.</summary>
    public void Execute()
    {
        var done = raw.sqlite3_step(_statement);
        var reset = raw.sqlite3_reset(_statement);
        if (done != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(reset != raw.SQLITE_OK ? reset : done, _database);
        }
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc) => SqliteException.ThrowExceptionForRC(rc, _database);
}
