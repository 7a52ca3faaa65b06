using AgentChain.Core.Numerics;
using AgentChain.Core.Rlp;
using AgentChain.Core.Types;
using AgentChain.Node.Chain;
using AgentChain.State;
using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace AgentChain.Node.Storage;

/// <summary>
/// <see cref="IChainStore"/> on SQLite in WAL mode with synchronous=FULL: a committed block survives a crash or
/// a power loss, and a block that was being written when the process died is absent as a whole. Two connections:
/// the block writer's, and one for reads, so that a read never waits for a block write (WAL lets a reader see the
/// last committed transaction while the next one is being written); each is serialized by its own lock.
/// </summary>
/// <remarks>
/// Layout, chosen for the write path (about 4,000 ERC-20 transfers per block at full load): a block's receipts are
/// one row (<c>block_receipts</c>), each transaction one row that says where its receipt is (<c>tx_locations</c>),
/// and the log index one row per block and distinct log address or first topic (<c>log_keys</c>) rather than one
/// row per log with two secondary indexes. eth_getLogs finds the candidate blocks in <c>log_keys</c> and filters
/// their receipts' logs, the way geth filters a block's receipts after its bloom matched — but with no false
/// positives. A data directory written with the earlier per-receipt and per-log tables is converted once, when it
/// is opened.
/// </remarks>
public sealed class SqliteChainStore : IChainStore
{
    private readonly SqliteConnection _db;
    private readonly Lock _lock = new();
    // A block and its receipts are encoded into this one reused buffer and bound from it: at a few thousand
    // transactions each is a megabyte, which as a fresh array per block would be a large-object-heap allocation.
    private readonly RlpWriter _encoder = new(1 << 16);
    private readonly SqliteConnection _reader;
    private readonly Lock _readLock = new();
    private readonly RecentReceipts _recentReceipts = new();

    // The block write's per-row statements, prepared once on the write connection (see SqliteStatement).
    private readonly SqliteStatement _putBlock, _putReceipts, _putLocation, _putLogKey, _putAccount, _deleteAccount, _clearStorage, _putSlot, _deleteSlot,
        _putCode, _putTrieNode;

    // log_keys key prefixes: a block with any log, one with a log from an address, one with a log whose first topic is.
    private const byte AnyLogKey = 0, AddressKey = 1, Topic0Key = 2;

    public SqliteChainStore(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string connection = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        _db = new SqliteConnection(connection);
        _db.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF;");
        Execute("""
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS blocks (number INTEGER PRIMARY KEY, hash BLOB NOT NULL UNIQUE, data BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS block_receipts (block_number INTEGER PRIMARY KEY, data BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS tx_locations (tx_hash BLOB PRIMARY KEY, block_number INTEGER NOT NULL, tx_index INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS log_keys (key BLOB NOT NULL, block_number INTEGER NOT NULL, PRIMARY KEY (key, block_number)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS accounts (address BLOB PRIMARY KEY, nonce INTEGER NOT NULL, balance BLOB NOT NULL, code_hash BLOB NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS storage (address BLOB NOT NULL, slot BLOB NOT NULL, value BLOB NOT NULL, PRIMARY KEY (address, slot)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS code (hash BLOB PRIMARY KEY, code BLOB NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS trie_nodes (hash BLOB PRIMARY KEY, rlp BLOB NOT NULL) WITHOUT ROWID;
            """);
        _putBlock = new SqliteStatement(_db, "INSERT INTO blocks (number, hash, data) VALUES (?1, ?2, ?3)");
        _putReceipts = new SqliteStatement(_db, "INSERT OR REPLACE INTO block_receipts (block_number, data) VALUES (?1, ?2)");
        _putLocation = new SqliteStatement(_db, "INSERT OR REPLACE INTO tx_locations (tx_hash, block_number, tx_index) VALUES (?1, ?2, ?3)");
        _putLogKey = new SqliteStatement(_db, "INSERT OR IGNORE INTO log_keys (key, block_number) VALUES (?1, ?2)");
        _putAccount = new SqliteStatement(_db, "INSERT OR REPLACE INTO accounts (address, nonce, balance, code_hash) VALUES (?1, ?2, ?3, ?4)");
        _deleteAccount = new SqliteStatement(_db, "DELETE FROM accounts WHERE address = ?1");
        _clearStorage = new SqliteStatement(_db, "DELETE FROM storage WHERE address = ?1");
        _putSlot = new SqliteStatement(_db, "INSERT OR REPLACE INTO storage (address, slot, value) VALUES (?1, ?2, ?3)");
        _deleteSlot = new SqliteStatement(_db, "DELETE FROM storage WHERE address = ?1 AND slot = ?2");
        // Content-addressed: a row already stored under the same hash holds the same bytes, so INSERT OR IGNORE keeps it.
        _putCode = new SqliteStatement(_db, "INSERT OR IGNORE INTO code (hash, code) VALUES (?1, ?2)");
        _putTrieNode = new SqliteStatement(_db, "INSERT OR IGNORE INTO trie_nodes (hash, rlp) VALUES (?1, ?2)");
        MigratePerReceiptTables();
        _reader = new SqliteConnection(connection);
        _reader.Open();
    }

    /// <inheritdoc />
    public string? LastBlockWriteTiming { get; private set; }

    public ulong? HeadNumber
    {
        get
        {
            lock (_readLock)
            {
                using var cmd = ReadCommand("SELECT MAX(number) FROM blocks");
                object? value = cmd.ExecuteScalar();
                return value is null or DBNull ? null : (ulong)(long)value;
            }
        }
    }

    public void CommitBlock(Block block, IReadOnlyList<Receipt> receipts, StateChangeSet changes)
    {
        lock (_lock)
        {
            long t0 = Stopwatch.GetTimestamp();
            using SqliteTransaction tx = _db.BeginTransaction();
            _encoder.Reset();
            ChainCodec.WriteBlock(_encoder, block);
            _putBlock.Int64(1, (long)block.Number).Blob(2, block.Hash.Bytes).Blob(3, _encoder.Written).Run();
            long tBlock = Stopwatch.GetTimestamp();
            if (receipts.Count > 0) WriteReceipts(block.Number, receipts);
            long tReceipts = Stopwatch.GetTimestamp();
            WriteState(changes);
            long tState = Stopwatch.GetTimestamp();
            WriteStateRoot(block.Header.StateRoot, tx);
            tx.Commit();
            long tCommit = Stopwatch.GetTimestamp();
            // Only once durable: a failed commit leaves nothing behind in memory either.
            if (receipts.Count > 0) _recentReceipts.Add(block.Number, [.. receipts]);
            LastBlockWriteTiming = $"block {Ms(t0, tBlock):F1} ms, receipts and log index {Ms(tBlock, tReceipts):F1} ms, " +
                $"state {Ms(tReceipts, tState):F1} ms ({changes.Accounts.Count} accounts, {changes.Storage.Count} slots, {changes.TrieNodes.Count} trie nodes), " +
                $"commit {Ms(tState, tCommit):F1} ms";
        }
    }

    private static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    /// <summary>One receipts row, one location row per transaction, one log-index row per distinct key (see the remarks).</summary>
    private void WriteReceipts(ulong number, IReadOnlyList<Receipt> receipts)
    {
        _encoder.Reset();
        ChainCodec.WriteBlockReceipts(_encoder, receipts);
        _putReceipts.Int64(1, (long)number).Blob(2, _encoder.Written).Run();
        foreach (Receipt receipt in receipts)
            _putLocation.Blob(1, receipt.TransactionHash.Bytes).Int64(2, (long)number).Int64(3, receipt.TransactionIndex).Run();
        var keys = new HashSet<Hash256>();
        var addresses = new HashSet<Address>();
        foreach (Receipt receipt in receipts)
        {
            foreach (LogEntry log in receipt.Logs)
            {
                addresses.Add(log.Address);
                if (log.Topics.Length > 0) keys.Add(log.Topics[0]);
            }
        }
        if (addresses.Count == 0) return;
        _putLogKey.Blob(1, [AnyLogKey]).Int64(2, (long)number).Run();
        foreach (Address address in addresses) _putLogKey.Blob(1, LogKey(AddressKey, address.Bytes)).Int64(2, (long)number).Run();
        foreach (Hash256 topic in keys) _putLogKey.Blob(1, LogKey(Topic0Key, topic.Bytes)).Int64(2, (long)number).Run();
    }

    private static byte[] LogKey(byte kind, ReadOnlySpan<byte> value)
    {
        var key = new byte[1 + value.Length];
        key[0] = kind;
        value.CopyTo(key.AsSpan(1));
        return key;
    }

    /// <summary>
    /// Converts a data directory written with one row per receipt (<c>receipts</c>) and per log (<c>logs</c>, two
    /// indexes) to the layout above, in one transaction: the receipt encodings are the same, only grouped per block.
    /// </summary>
    private void MigratePerReceiptTables()
    {
        using (var probe = Command("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'receipts'"))
            if ((long)probe.ExecuteScalar()! == 0) return;
        using SqliteTransaction tx = _db.BeginTransaction();
        var block = new List<Receipt>();
        ulong current = 0;
        using (var read = Command("SELECT block_number, data FROM receipts ORDER BY block_number, tx_index", tx))
        using (SqliteDataReader r = read.ExecuteReader())
        {
            while (r.Read())
            {
                ulong number = (ulong)r.GetInt64(0);
                if (block.Count > 0 && number != current) { WriteReceipts(current, block); block.Clear(); }
                current = number;
                block.Add(ChainCodec.DecodeReceipt((byte[])r[1]));
            }
        }
        if (block.Count > 0) WriteReceipts(current, block);
        using (var drop = Command("DROP TABLE receipts; DROP TABLE IF EXISTS logs;", tx)) drop.ExecuteNonQuery();
        tx.Commit();
    }

    public void CommitState(StateChangeSet changes, Hash256 stateRoot)
    {
        lock (_lock)
        {
            using SqliteTransaction tx = _db.BeginTransaction();
            WriteState(changes);
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
            foreach (string table in new[] { "blocks", "block_receipts", "tx_locations", "log_keys" })
            {
                string column = table == "blocks" ? "number" : "block_number";
                using var cmd = Command($"DELETE FROM {table} WHERE {column} > $n", tx);
                cmd.Parameters.AddWithValue("$n", (long)number);
                cmd.ExecuteNonQuery();
            }
            WriteState(restore);
            WriteStateRoot(stateRoot, tx);
            tx.Commit();
            _recentReceipts.RemoveAbove(number);
        }
    }

    private void WriteState(StateChangeSet changes)
    {
        foreach (Address address in changes.ClearedStorage) _clearStorage.Blob(1, address.Bytes).Run();
        Span<byte> word = stackalloc byte[32];
        Span<byte> slot = stackalloc byte[32];
        foreach ((Address address, Account? account) in changes.Accounts)
        {
            if (account is { } a)
            {
                a.Balance.WriteBigEndian(word);
                _putAccount.Blob(1, address.Bytes).Int64(2, unchecked((long)a.Nonce)).Blob(3, word).Blob(4, a.CodeHash.Bytes).Run();
            }
            else
            {
                _deleteAccount.Blob(1, address.Bytes).Run();
            }
        }
        foreach (((Address address, UInt256 key), UInt256 value) in changes.Storage)
        {
            key.WriteBigEndian(slot);
            if (value.IsZero)
            {
                _deleteSlot.Blob(1, address.Bytes).Blob(2, slot).Run();
            }
            else
            {
                value.WriteBigEndian(word);
                _putSlot.Blob(1, address.Bytes).Blob(2, slot).Blob(3, word).Run();
            }
        }
        foreach ((Hash256 hash, byte[] code) in changes.Code) _putCode.Blob(1, hash.Bytes).Blob(2, code).Run();
        // Never deleted: older roots stay resolvable (eth_getProof at past blocks); pruning is future work.
        foreach ((Hash256 hash, byte[] rlp) in changes.TrieNodes) _putTrieNode.Blob(1, hash.Bytes).Blob(2, rlp).Run();
    }

    public byte[]? GetTrieNode(in Hash256 hash)
    {
        lock (_readLock)
        {
            using var cmd = ReadCommand("SELECT rlp FROM trie_nodes WHERE hash = $h");
            cmd.Parameters.AddWithValue("$h", hash.ToArray());
            return cmd.ExecuteScalar() as byte[];
        }
    }

    public Block? GetBlock(ulong number)
    {
        byte[]? data;
        lock (_readLock)
        {
            using var cmd = ReadCommand("SELECT data FROM blocks WHERE number = $n");
            cmd.Parameters.AddWithValue("$n", (long)number);
            data = cmd.ExecuteScalar() as byte[];
        }
        return data is null ? null : ChainCodec.DecodeBlock(data);
    }

    public Block? GetBlock(in Hash256 hash)
    {
        byte[]? data;
        lock (_readLock)
        {
            using var cmd = ReadCommand("SELECT data FROM blocks WHERE hash = $h");
            cmd.Parameters.AddWithValue("$h", hash.ToArray());
            data = cmd.ExecuteScalar() as byte[];
        }
        return data is null ? null : ChainCodec.DecodeBlock(data);
    }

    public IReadOnlyList<Receipt> GetReceipts(ulong blockNumber) =>
        _recentReceipts.Block(blockNumber) ?? (ReadBlockReceipts(blockNumber) is { } data ? ChainCodec.DecodeBlockReceipts(data) : []);

    public Receipt? GetReceipt(in Hash256 transactionHash)
    {
        if (_recentReceipts.Find(transactionHash) is { } recent) return recent;
        long number;
        int index;
        lock (_readLock)
        {
            using var cmd = ReadCommand("SELECT block_number, tx_index FROM tx_locations WHERE tx_hash = $h");
            cmd.Parameters.AddWithValue("$h", transactionHash.ToArray());
            using SqliteDataReader r = cmd.ExecuteReader();
            if (!r.Read()) return null;
            number = r.GetInt64(0);
            index = r.GetInt32(1);
        }
        byte[] data = ReadBlockReceipts((ulong)number)
            ?? throw new InvalidOperationException($"transaction {transactionHash} is located in block {number}, whose receipts are not stored: the store is corrupt");
        return ChainCodec.DecodeBlockReceipt(data, index)
            ?? throw new InvalidOperationException($"transaction {transactionHash} is located at index {index} of block {number}, which has fewer receipts: the store is corrupt");
    }

    private byte[]? ReadBlockReceipts(ulong blockNumber)
    {
        lock (_readLock)
        {
            using var cmd = ReadCommand("SELECT data FROM block_receipts WHERE block_number = $n");
            cmd.Parameters.AddWithValue("$n", (long)blockNumber);
            return cmd.ExecuteScalar() as byte[];
        }
    }

    public IReadOnlyList<StoredLog> GetLogs(LogFilter filter, int limit)
    {
        long from = (long)Math.Min(filter.FromBlock, long.MaxValue), to = (long)Math.Min(filter.ToBlock, long.MaxValue);
        // Candidate blocks: any of the addresses, and any of the first-topic alternatives; every block with logs when
        // neither is asked for. The exact match (all topic positions) is filter.Matches on each log below.
        SortedSet<long>? candidates = null;
        if (filter.Addresses.Count > 0)
            candidates = BlocksWithKeys(filter.Addresses.Select(a => LogKey(AddressKey, a.Bytes)), from, to);
        if (filter.Topics.Count > 0 && filter.Topics[0] is { Count: > 0 } topic0)
        {
            SortedSet<long> withTopic = BlocksWithKeys(topic0.Select(t => LogKey(Topic0Key, t.Bytes)), from, to);
            if (candidates is null) candidates = withTopic; else candidates.IntersectWith(withTopic);
        }
        candidates ??= BlocksWithKeys([new[] { AnyLogKey }], from, to);
        var result = new List<StoredLog>();
        foreach (long number in candidates)
        {
            foreach (Receipt receipt in GetReceipts((ulong)number))
            {
                for (int i = 0; i < receipt.Logs.Count; i++)
                {
                    LogEntry log = receipt.Logs[i];
                    if (!filter.Matches(log)) continue;
                    if (result.Count >= limit)
                        throw new InvalidOperationException($"query returned more than {limit} results; narrow the block range or add address/topic filters");
                    result.Add(new StoredLog(log, receipt.BlockNumber, receipt.BlockHash, receipt.TransactionHash, receipt.TransactionIndex, receipt.FirstLogIndex + i));
                }
            }
        }
        return result;
    }

    private SortedSet<long> BlocksWithKeys(IEnumerable<byte[]> keys, long from, long to)
    {
        var blocks = new SortedSet<long>();
        lock (_readLock)
        {
            using var cmd = ReadCommand("SELECT block_number FROM log_keys WHERE key = $k AND block_number BETWEEN $from AND $to");
            SqliteParameter key = cmd.Parameters.Add("$k", SqliteType.Blob);
            cmd.Parameters.AddWithValue("$from", from);
            cmd.Parameters.AddWithValue("$to", to);
            foreach (byte[] k in keys)
            {
                key.Value = k;
                using SqliteDataReader r = cmd.ExecuteReader();
                while (r.Read()) blocks.Add(r.GetInt64(0));
            }
        }
        return blocks;
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
        lock (_readLock)
        {
            using var cmd = ReadCommand("SELECT value FROM meta WHERE key = $k");
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

    private SqliteCommand ReadCommand(string sql)
    {
        SqliteCommand cmd = _reader.CreateCommand();
        cmd.CommandText = sql;
        return cmd;
    }

    private void Execute(string sql)
    {
        using var cmd = Command(sql);
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        lock (_lock)
            foreach (SqliteStatement statement in new[] { _putBlock, _putReceipts, _putLocation, _putLogKey, _putAccount, _deleteAccount, _clearStorage, _putSlot, _deleteSlot, _putCode, _putTrieNode })
                statement.Dispose();
        lock (_readLock) _reader.Dispose();
        lock (_lock) _db.Dispose();
    }
}
