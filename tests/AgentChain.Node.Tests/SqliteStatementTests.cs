using AgentChain.Node.Storage;
using Microsoft.Data.Sqlite;
using Xunit;

namespace AgentChain.Node.Tests;

/// <summary>The block write's prepared statements: rows land, run after run, and a failing row throws (the block write then rolls back).</summary>
public sealed class SqliteStatementTests
{
    private static SqliteConnection Open()
    {
        var db = new SqliteConnection("Data Source=:memory:");
        db.Open();
        using var create = db.CreateCommand();
        create.CommandText = "CREATE TABLE t (k BLOB PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID";
        create.ExecuteNonQuery();
        return db;
    }

    [Fact]
    public void Each_run_writes_one_row_with_the_values_bound_for_it()
    {
        using SqliteConnection db = Open();
        using (var insert = new SqliteStatement(db, "INSERT INTO t (k, n) VALUES (?1, ?2)"))
            for (byte i = 0; i < 3; i++) insert.Blob(1, [i, 0xFF]).Int64(2, 10 + i).Run();
        using var read = db.CreateCommand();
        read.CommandText = "SELECT hex(k) || ':' || n FROM t ORDER BY k";
        using SqliteDataReader r = read.ExecuteReader();
        var rows = new List<string>();
        while (r.Read()) rows.Add(r.GetString(0));
        Assert.Equal(["00FF:10", "01FF:11", "02FF:12"], rows);
    }

    [Fact]
    public void A_failing_run_throws_with_the_reason_and_the_statement_stays_usable()
    {
        using SqliteConnection db = Open();
        using var insert = new SqliteStatement(db, "INSERT INTO t (k, n) VALUES (?1, ?2)");
        insert.Blob(1, [1]).Int64(2, 1).Run();
        var e = Assert.Throws<SqliteException>(() => insert.Blob(1, [1]).Int64(2, 2).Run());
        Assert.Contains("UNIQUE", e.Message);
        insert.Blob(1, [2]).Int64(2, 2).Run();
        Assert.Throws<SqliteException>(() => new SqliteStatement(db, "INSERT INTO missing VALUES (?1)"));
    }
}
