using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Node.Chain;
using AgentChain.State;
using Microsoft.Data.Sqlite;

namespace AgentChain.Node.Storage;

/// <summary>
/// <see cref="IChainStore"/> on SQLite in WAL mode with synchronous=FULL: a committed block survives a crash or
/// a power loss, and a block that was being written when the process died is absent as a whole. One connection,
/// serialized by a lock (the node has one writer; reads are short).
/// </summary>
public sealed class SqliteChainStore : IChainStore
{
    private readonly SqliteConnection _db;
    private readonly Lock _lock = new();

    public SqliteChainStore(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _db.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF;");
        Execute("""
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS blocks (number INTEGER PRIMARY KEY, hash BLOB NOT NULL UNIQUE, data BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS receipts (tx_hash BLOB PRIMARY KEY, block_number INTEGER NOT NULL, tx_index INTEGER NOT NULL, data BLOB NOT NULL);
            CREATE INDEX IF NOT EXISTS receipts_by_block ON receipts (block_number, tx_index);
            CREATE TABLE IF NOT EXISTS logs (block_number INTEGER NOT NULL, log_index INTEGER NOT NULL, tx_index INTEGER NOT NULL,
                tx_hash BLOB NOT NULL, address BLOB NOT NULL, topic0 BLOB, data BLOB NOT NULL, topics BLOB NOT NULL,
                PRIMARY KEY (block_number, log_index)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS logs_by_address ON logs (address, block_number);
            CREATE INDEX IF NOT EXISTS logs_by_topic0 ON logs (topic0, block_number);
            CREATE TABLE IF NOT EXISTS accounts (address BLOB PRIMARY KEY, nonce INTEGER NOT NULL, balance BLOB NOT NULL, code_hash BLOB NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS storage (address BLOB NOT NULL, slot BLOB NOT NULL, value BLOB NOT NULL, PRIMARY KEY (address, slot)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS code (hash BLOB PRIMARY KEY, code BLOB NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS trie_nodes (hash BLOB PRIMARY KEY, rlp BLOB NOT NULL) WITHOUT ROWID;
            """);
    }

    public ulong? HeadNumber
    {
        get
        {
            lock (_lock)
            {
                using var cmd = Command("SELECT MAX(number) FROM blocks");
                object? value = cmd.ExecuteScalar();
                return value is null or DBNull ? null : (ulong)(long)value;
            }
        }
    }

    public void CommitBlock(Block block, IReadOnlyList<Receipt> receipts, StateChangeSet changes)
    {
        lock (_lock)
        {
            using SqliteTransaction tx = _db.BeginTransaction();
            using (var cmd = Command("INSERT INTO blocks (number, hash, data) VALUES ($n, $h, $d)", tx))
            {
                cmd.Parameters.AddWithValue("$n", (long)block.Number);
                cmd.Parameters.AddWithValue("$h", block.Hash.ToArray());
                cmd.Parameters.AddWithValue("$d", ChainCodec.EncodeBlock(block));
                cmd.ExecuteNonQuery();
            }
            using (var receiptCmd = Command("INSERT OR REPLACE INTO receipts (tx_hash, block_number, tx_index, data) VALUES ($h, $n, $i, $d)", tx))
            using (var logCmd = Command("INSERT INTO logs (block_number, log_index, tx_index, tx_hash, address, topic0, data, topics) VALUES ($n, $li, $ti, $h, $a, $t0, $d, $t)", tx))
            {
                var rh = receiptCmd.Parameters.Add("$h", SqliteType.Blob);
                var rn = receiptCmd.Parameters.Add("$n", SqliteType.Integer);
                var ri = receiptCmd.Parameters.Add("$i", SqliteType.Integer);
                var rd = receiptCmd.Parameters.Add("$d", SqliteType.Blob);
                var ln = logCmd.Parameters.Add("$n", SqliteType.Integer);
                var lli = logCmd.Parameters.Add("$li", SqliteType.Integer);
                var lti = logCmd.Parameters.Add("$ti", SqliteType.Integer);
                var lh = logCmd.Parameters.Add("$h", SqliteType.Blob);
                var la = logCmd.Parameters.Add("$a", SqliteType.Blob);
                var lt0 = logCmd.Parameters.Add("$t0", SqliteType.Blob);
                var ld = logCmd.Parameters.Add("$d", SqliteType.Blob);
                var lt = logCmd.Parameters.Add("$t", SqliteType.Blob);
                foreach (Receipt receipt in receipts)
                {
                    rh.Value = receipt.TransactionHash.ToArray();
                    rn.Value = (long)receipt.BlockNumber;
                    ri.Value = receipt.TransactionIndex;
                    rd.Value = ChainCodec.EncodeReceipt(receipt);
                    receiptCmd.ExecuteNonQuery();
                    for (int i = 0; i < receipt.Logs.Count; i++)
                    {
                        LogEntry log = receipt.Logs[i];
                        ln.Value = (long)receipt.BlockNumber;
                        lli.Value = receipt.FirstLogIndex + i;
                        lti.Value = receipt.TransactionIndex;
                        lh.Value = receipt.TransactionHash.ToArray();
                        la.Value = log.Address.ToArray();
                        lt0.Value = log.Topics.Length > 0 ? log.Topics[0].ToArray() : DBNull.Value;
                        ld.Value = log.Data;
                        lt.Value = log.Topics.SelectMany(t => t.ToArray()).ToArray();
                        logCmd.ExecuteNonQuery();
                    }
                }
            }
            WriteState(changes, tx);
            WriteStateRoot(block.Header.StateRoot, tx);
            tx.Commit();
        }
    }

    public void CommitState(StateChangeSet changes, Hash256 stateRoot)
    {
        lock (_lock)
        {
            using SqliteTransaction tx = _db.BeginTransaction();
            WriteState(changes, tx);
            WriteStateRoot(stateRoot, tx);
            tx.Commit();
        }
    }

    public Hash256? StateRoot => GetMeta(MetaStateRoot) is { } hex ? Hash256.Parse(hex) : null;

    private const string MetaStateRoot = "state_root";

    private void WriteStateRoot(Hash256 root, SqliteTransaction tx)
    {
        using var cmd = Command("INSERT OR REPLACE INTO meta (key, value) VALUES ($k, $v)", tx);
        cmd.Parameters.AddWithValue("$k", MetaStateRoot);
        cmd.Parameters.AddWithValue("$v", root.ToString());
        cmd.ExecuteNonQuery();
    }

    public void Rewind(ulong number, StateChangeSet restore, Hash256 stateRoot)
    {
        lock (_lock)
        {
            using SqliteTransaction tx = _db.BeginTransaction();
            foreach (string table in new[] { "blocks", "receipts", "logs" })
            {
                string column = table == "blocks" ? "number" : "block_number";
                using var cmd = Command($"DELETE FROM {table} WHERE {column} > $n", tx);
                cmd.Parameters.AddWithValue("$n", (long)number);
                cmd.ExecuteNonQuery();
            }
            WriteState(restore, tx);
            WriteStateRoot(stateRoot, tx);
            tx.Commit();
        }
    }

    private void WriteState(StateChangeSet changes, SqliteTransaction tx)
    {
        using var clear = Command("DELETE FROM storage WHERE address = $a", tx);
        var clearA = clear.Parameters.Add("$a", SqliteType.Blob);
        foreach (Address address in changes.ClearedStorage)
        {
            clearA.Value = address.ToArray();
            clear.ExecuteNonQuery();
        }
        using var put = Command("INSERT OR REPLACE INTO accounts (address, nonce, balance, code_hash) VALUES ($a, $n, $b, $c)", tx);
        using var del = Command("DELETE FROM accounts WHERE address = $a", tx);
        var pa = put.Parameters.Add("$a", SqliteType.Blob);
        var pn = put.Parameters.Add("$n", SqliteType.Integer);
        var pb = put.Parameters.Add("$b", SqliteType.Blob);
        var pc = put.Parameters.Add("$c", SqliteType.Blob);
        var da = del.Parameters.Add("$a", SqliteType.Blob);
        foreach ((Address address, Account? account) in changes.Accounts)
        {
            if (account is { } a)
            {
                pa.Value = address.ToArray();
                pn.Value = unchecked((long)a.Nonce);
                pb.Value = a.Balance.ToBigEndian();
                pc.Value = a.CodeHash.ToArray();
                put.ExecuteNonQuery();
            }
            else
            {
                da.Value = address.ToArray();
                del.ExecuteNonQuery();
            }
        }
        using var setSlot = Command("INSERT OR REPLACE INTO storage (address, slot, value) VALUES ($a, $s, $v)", tx);
        using var delSlot = Command("DELETE FROM storage WHERE address = $a AND slot = $s", tx);
        var sa = setSlot.Parameters.Add("$a", SqliteType.Blob);
        var ss = setSlot.Parameters.Add("$s", SqliteType.Blob);
        var sv = setSlot.Parameters.Add("$v", SqliteType.Blob);
        var dsa = delSlot.Parameters.Add("$a", SqliteType.Blob);
        var dss = delSlot.Parameters.Add("$s", SqliteType.Blob);
        foreach (((Address address, UInt256 slot), UInt256 value) in changes.Storage)
        {
            if (value.IsZero)
            {
                dsa.Value = address.ToArray();
                dss.Value = slot.ToBigEndian();
                delSlot.ExecuteNonQuery();
            }
            else
            {
                sa.Value = address.ToArray();
                ss.Value = slot.ToBigEndian();
                sv.Value = value.ToBigEndian();
                setSlot.ExecuteNonQuery();
            }
        }
        InsertContentAddressed("INSERT OR IGNORE INTO code (hash, code) VALUES ($h, $v)", changes.Code, tx);
        // Never deleted: older roots stay resolvable (eth_getProof at past blocks); pruning is future work.
        InsertContentAddressed("INSERT OR IGNORE INTO trie_nodes (hash, rlp) VALUES ($h, $v)", changes.TrieNodes, tx);
    }

    /// <summary>
    /// Writes hash-keyed blobs (code, trie nodes) with one prepared statement. Content-addressed: a row already
    /// stored under the same hash holds the same bytes, so <c>INSERT OR IGNORE</c> keeps it.
    /// </summary>
    private void InsertContentAddressed(string insertSql, Dictionary<Hash256, byte[]> rows, SqliteTransaction tx)
    {
        using SqliteCommand insert = Command(insertSql, tx);
        SqliteParameter hash = insert.Parameters.Add("$h", SqliteType.Blob);
        SqliteParameter value = insert.Parameters.Add("$v", SqliteType.Blob);
        foreach ((Hash256 key, byte[] bytes) in rows)
        {
            hash.Value = key.ToArray();
            value.Value = bytes;
            insert.ExecuteNonQuery();
        }
    }

    public byte[]? GetTrieNode(in Hash256 hash)
    {
        lock (_lock)
        {
            using var cmd = Command("SELECT rlp FROM trie_nodes WHERE hash = $h");
            cmd.Parameters.AddWithValue("$h", hash.ToArray());
            return cmd.ExecuteScalar() as byte[];
        }
    }

    public Block? GetBlock(ulong number)
    {
        lock (_lock)
        {
            using var cmd = Command("SELECT data FROM blocks WHERE number = $n");
            cmd.Parameters.AddWithValue("$n", (long)number);
            return cmd.ExecuteScalar() is byte[] data ? ChainCodec.DecodeBlock(data) : null;
        }
    }

    public Block? GetBlock(in Hash256 hash)
    {
        lock (_lock)
        {
            using var cmd = Command("SELECT data FROM blocks WHERE hash = $h");
            cmd.Parameters.AddWithValue("$h", hash.ToArray());
            return cmd.ExecuteScalar() is byte[] data ? ChainCodec.DecodeBlock(data) : null;
        }
    }

    public IReadOnlyList<Receipt> GetReceipts(ulong blockNumber)
    {
        lock (_lock)
        {
            using var cmd = Command("SELECT data FROM receipts WHERE block_number = $n ORDER BY tx_index");
            cmd.Parameters.AddWithValue("$n", (long)blockNumber);
            using SqliteDataReader reader = cmd.ExecuteReader();
            var receipts = new List<Receipt>();
            while (reader.Read()) receipts.Add(ChainCodec.DecodeReceipt((byte[])reader[0]));
            return receipts;
        }
    }

    public Receipt? GetReceipt(in Hash256 transactionHash)
    {
        lock (_lock)
        {
            using var cmd = Command("SELECT data FROM receipts WHERE tx_hash = $h");
            cmd.Parameters.AddWithValue("$h", transactionHash.ToArray());
            return cmd.ExecuteScalar() is byte[] data ? ChainCodec.DecodeReceipt(data) : null;
        }
    }

    public IReadOnlyList<StoredLog> GetLogs(LogFilter filter, int limit)
    {
        lock (_lock)
        {
            var sql = new System.Text.StringBuilder(
                "SELECT l.block_number, l.log_index, l.tx_index, l.tx_hash, l.address, l.data, l.topics, b.hash FROM logs l JOIN blocks b ON b.number = l.block_number WHERE l.block_number BETWEEN $from AND $to");
            using var cmd = Command("");
            cmd.Parameters.AddWithValue("$from", (long)filter.FromBlock);
            cmd.Parameters.AddWithValue("$to", (long)Math.Min(filter.ToBlock, long.MaxValue));
            if (filter.Addresses.Count > 0)
            {
                sql.Append(" AND l.address IN (");
                for (int i = 0; i < filter.Addresses.Count; i++)
                {
                    sql.Append(i == 0 ? "" : ",").Append("$a").Append(i);
                    cmd.Parameters.AddWithValue("$a" + i, filter.Addresses[i].ToArray());
                }
                sql.Append(')');
            }
            if (filter.Topics.Count > 0 && filter.Topics[0] is { Count: > 0 } topic0)
            {
                sql.Append(" AND l.topic0 IN (");
                for (int i = 0; i < topic0.Count; i++)
                {
                    sql.Append(i == 0 ? "" : ",").Append("$t").Append(i);
                    cmd.Parameters.AddWithValue("$t" + i, topic0[i].ToArray());
                }
                sql.Append(')');
            }
            sql.Append(" ORDER BY l.block_number, l.log_index");
            cmd.CommandText = sql.ToString();
            using SqliteDataReader reader = cmd.ExecuteReader();
            var result = new List<StoredLog>();
            while (reader.Read())
            {
                byte[] topicBytes = (byte[])reader[6];
                var topics = new Hash256[topicBytes.Length / 32];
                for (int i = 0; i < topics.Length; i++) topics[i] = new Hash256(topicBytes.AsSpan(32 * i, 32));
                var log = new LogEntry(new Address((byte[])reader[4]), topics, (byte[])reader[5]);
                if (!filter.Matches(log)) continue;
                if (result.Count >= limit)
                    throw new InvalidOperationException($"query returned more than {limit} results; narrow the block range or add address/topic filters");
                result.Add(new StoredLog(log, (ulong)reader.GetInt64(0), new Hash256((byte[])reader[7]), new Hash256((byte[])reader[3]), reader.GetInt32(2), reader.GetInt32(1)));
            }
            return result;
        }
    }

    public void LoadState(IStateWriter target)
    {
        lock (_lock)
        {
            var code = new Dictionary<Hash256, byte[]>();
            using (var cmd = Command("SELECT hash, code FROM code"))
            using (SqliteDataReader r = cmd.ExecuteReader())
                while (r.Read()) code[new Hash256((byte[])r[0])] = (byte[])r[1];
            using (var cmd = Command("SELECT address, nonce, balance, code_hash FROM accounts"))
            using (SqliteDataReader r = cmd.ExecuteReader())
            {
                while (r.Read())
                {
                    var codeHash = new Hash256((byte[])r[3]);
                    target.SetAccount(new Address((byte[])r[0]), unchecked((ulong)r.GetInt64(1)), UInt256.FromBigEndian((byte[])r[2]), codeHash,
                        code.GetValueOrDefault(codeHash));
                }
            }
            using (var cmd = Command("SELECT address, slot, value FROM storage"))
            using (SqliteDataReader r = cmd.ExecuteReader())
                while (r.Read())
                    target.SetStorage(new Address((byte[])r[0]), UInt256.FromBigEndian((byte[])r[1]), UInt256.FromBigEndian((byte[])r[2]));
        }
    }

    public string? GetMeta(string key)
    {
        lock (_lock)
        {
            using var cmd = Command("SELECT value FROM meta WHERE key = $k");
            cmd.Parameters.AddWithValue("$k", key);
            return cmd.ExecuteScalar() as string;
        }
    }

    public void SetMeta(string key, string value)
    {
        lock (_lock)
        {
            using var cmd = Command("INSERT OR REPLACE INTO meta (key, value) VALUES ($k, $v)");
            cmd.Parameters.AddWithValue("$k", key);
            cmd.Parameters.AddWithValue("$v", value);
            cmd.ExecuteNonQuery();
        }
    }

    private SqliteCommand Command(string sql, SqliteTransaction? tx = null)
    {
        SqliteCommand cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return cmd;
    }

    private void Execute(string sql)
    {
        using var cmd = Command(sql);
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        lock (_lock) _db.Dispose();
    }
}
