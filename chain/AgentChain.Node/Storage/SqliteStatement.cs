using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AgentChain.Node.Storage;

/// <summary>
/// One SQL statement prepared once on a connection and run many times with positional parameters bound from spans,
/// for the block write's per-row inserts. Microsoft.Data.Sqlite's command looks every parameter up by name and
/// wraps each run in a data reader; at a few thousand rows per block (trie nodes, storage slots, transaction
/// locations) that overhead and the per-row key arrays were a large part of the write. Runs inside whatever
/// transaction the connection has open. Not thread-safe: the store's write lock guards it.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly string _sql;

    public SqliteStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        _sql = sql;
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement), "prepare");
    }

    public SqliteStatement Blob(int index, ReadOnlySpan<byte> value)
    {
        Check(raw.sqlite3_bind_blob(_statement, index, value), "bind");
        return this;
    }

    public SqliteStatement Int64(int index, long value)
    {
        Check(raw.sqlite3_bind_int64(_statement, index, value), "bind");
        return this;
    }

    /// <summary>Runs the statement (which returns no rows) and resets it for the next run.</summary>
    public void Run()
    {
        int step = raw.sqlite3_step(_statement);
        int reset = raw.sqlite3_reset(_statement);
        if (step != raw.SQLITE_DONE) Check(step == raw.SQLITE_ROW ? raw.SQLITE_MISUSE : step, "step");
        Check(reset, "reset");
    }

    private void Check(int code, string what)
    {
        if (code == raw.SQLITE_OK) return;
        // A failed row write must fail the whole block write (its transaction is rolled back by the caller).
        throw new SqliteException($"SQLite {what} failed ({code}: {raw.sqlite3_errmsg(_db).utf8_to_string()}) for: {_sql}", code);
    }

    public void Dispose() => _statement.Dispose();
}
