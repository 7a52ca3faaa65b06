using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Node.Chain;
using AgentChain.Node.Storage;
using AgentChain.State;
using Microsoft.Data.Sqlite;
using Xunit;

namespace AgentChain.Node.Tests;

/// <summary>
/// The store's receipt and log layout directly: one receipts row per block, a location per transaction, the
/// per-block log index (address, first topic) and its exact filtering, rewinding, and the one-time conversion of a
/// data directory written with per-receipt and per-log rows.
/// </summary>
public sealed class SqliteChainStoreTests : IDisposable
{
    private static readonly Address TokenA = new(Enumerable.Repeat((byte)0xAA, 20).ToArray());
    private static readonly Address TokenB = new(Enumerable.Repeat((byte)0xBB, 20).ToArray());
    private static readonly Hash256 Transfer = Topic(0x01), Approval = Topic(0x02), Alice = Topic(0x0A), Bob = Topic(0x0B);

    private readonly string _dir = TestChain.TempDirectory();
    private string DbPath => Path.Combine(_dir, "chain.sqlite");

    public void Dispose() => Directory.Delete(_dir, true);

    private static Hash256 Topic(byte b) => new(Enumerable.Repeat(b, 32).ToArray());

    /// <summary>Block <paramref name="number"/> with one transaction per entry of <paramref name="logsPerTx"/>, its receipts carrying those logs.</summary>
    private static (Block Block, List<Receipt> Receipts) MakeBlock(ulong number, params LogEntry[][] logsPerTx)
    {
        var txs = new List<AgentChain.Core.Transactions.Transaction>();
        for (int i = 0; i < logsPerTx.Length; i++) txs.Add(TestChain.Transfer(TestChain.Accounts[0], number * 100 + (ulong)i, TokenA));
        var header = new BlockHeader
        {
            ParentHash = Hash256.Zero, Coinbase = Address.Zero, StateRoot = Hash256.EmptyTrieRoot, TransactionsRoot = Hash256.EmptyTrieRoot,
            ReceiptsRoot = Hash256.EmptyTrieRoot, LogsBloom = new byte[256], Number = number, GasLimit = 30_000_000, GasUsed = 0,
            Timestamp = 1_700_000_000 + number, BaseFeePerGas = UInt256.One,
        };
        var block = new Block { Header = header, Transactions = txs, Senders = [.. txs.Select(_ => TestChain.Accounts[0].Address)] };
        var receipts = new List<Receipt>();
        int firstLog = 0;
        for (int i = 0; i < txs.Count; i++)
        {
            receipts.Add(new Receipt
            {
                TransactionHash = txs[i].Hash, Type = 2, TransactionIndex = i, BlockHash = block.Hash, BlockNumber = number,
                From = TestChain.Accounts[0].Address, To = TokenA, Success = true, GasUsed = 21_000, CumulativeGasUsed = 21_000UL * (ulong)(i + 1),
                EffectiveGasPrice = UInt256.One, Logs = logsPerTx[i], FirstLogIndex = firstLog,
            });
            firstLog += logsPerTx[i].Length;
        }
        return (block, receipts);
    }

    private static LogEntry Log(Address address, params Hash256[] topics) => new(address, topics, [0x42]);

    [Fact]
    public void Every_receipt_of_a_block_is_found_by_its_hash_and_the_block_returns_them_in_order()
    {
        var (block, receipts) = MakeBlock(1, [Log(TokenA, Transfer, Alice)], [], [Log(TokenB, Approval), Log(TokenA, Transfer, Bob)]);
        using (var store = new SqliteChainStore(DbPath)) store.CommitBlock(block, receipts, new StateChangeSet());

        using var reopened = new SqliteChainStore(DbPath);
        for (int i = 0; i < receipts.Count; i++)
        {
            Receipt found = reopened.GetReceipt(receipts[i].TransactionHash)!;
            Assert.Equal(i, found.TransactionIndex);
            Assert.Equal(block.Hash, found.BlockHash);
            Assert.Equal(receipts[i].Logs.Count, found.Logs.Count);
            Assert.Equal(receipts[i].FirstLogIndex, found.FirstLogIndex);
            Assert.Equal(receipts[i].Bloom, found.Bloom);
        }
        Assert.Equal(receipts.Select(r => r.TransactionHash), reopened.GetReceipts(1).Select(r => r.TransactionHash));
        Assert.Null(reopened.GetReceipt(Topic(0x77)));
        Assert.Empty(reopened.GetReceipts(2));
        Assert.Equal(block.EncodedTransactions, reopened.GetBlock(1)!.EncodedTransactions);
    }

    [Fact]
    public void Logs_are_filtered_exactly_by_address_and_topics_within_the_range()
    {
        using var store = new SqliteChainStore(DbPath);
        var (b1, r1) = MakeBlock(1, [Log(TokenA, Transfer, Alice)], [Log(TokenB, Approval, Bob)]);
        var (b2, r2) = MakeBlock(2, [Log(TokenB, Transfer, Bob)]);
        var (b3, r3) = MakeBlock(3, []);
        var (b4, r4) = MakeBlock(4, [Log(TokenA, Approval, Alice), Log(TokenA, Transfer, Bob)]);
        foreach (var (b, r) in new[] { (b1, r1), (b2, r2), (b3, r3), (b4, r4) }) store.CommitBlock(b, r, new StateChangeSet());

        string Where(LogFilter f) => string.Join(" ", store.GetLogs(f, 100).Select(l => $"{l.BlockNumber}.{l.LogIndex}"));
        Assert.Equal("1.0 1.1 2.0 4.0 4.1", Where(new LogFilter(0, 10, [], [])));
        Assert.Equal("1.0 4.0 4.1", Where(new LogFilter(0, 10, [TokenA], [])));
        Assert.Equal("1.0 2.0 4.1", Where(new LogFilter(0, 10, [], [[Transfer]])));
        // Block 4 is a candidate for (TokenB or TokenA) and Transfer, but only its second log is a TokenA Transfer.
        Assert.Equal("2.0 4.1", Where(new LogFilter(2, 10, [TokenA, TokenB], [[Transfer]])));
        // Second-topic positions are not indexed: matched exactly on the candidate blocks' logs.
        Assert.Equal("1.1 2.0 4.1", Where(new LogFilter(0, 10, [], [null, [Bob]])));
        Assert.Equal("", Where(new LogFilter(0, 10, [TokenB], [[Transfer], [Alice]])));
        Assert.Equal("2.0", Where(new LogFilter(2, 3, [], [])));

        StoredLog log = store.GetLogs(new LogFilter(4, 4, [], [[Transfer]]), 10).Single();
        Assert.Equal(b4.Hash, log.BlockHash);
        Assert.Equal(r4[0].TransactionHash, log.TransactionHash);
        Assert.Equal(0, log.TransactionIndex);
        Assert.Equal(1, log.LogIndex);

        var tooMany = Assert.Throws<InvalidOperationException>(() => store.GetLogs(new LogFilter(0, 10, [], []), 4));
        Assert.Contains("more than 4 results", tooMany.Message);
    }

    [Fact]
    public void Recent_receipts_from_memory_equal_the_stored_ones_and_the_oldest_blocks_fall_back_to_the_store()
    {
        var (b1, r1) = MakeBlock(1, [Log(TokenA, Transfer, Alice)], []);
        var (b2, r2) = MakeBlock(2, [Log(TokenB, Approval)], [Log(TokenA, Transfer, Bob), Log(TokenA, Transfer, Alice)]);
        var fromMemory = new List<byte[]>();
        using (var store = new SqliteChainStore(DbPath))
        {
            store.CommitBlock(b1, r1, new StateChangeSet());
            store.CommitBlock(b2, r2, new StateChangeSet());
            foreach (Receipt r in r1.Concat(r2)) fromMemory.Add(Encode(store.GetReceipt(r.TransactionHash)!));
            Assert.Equal(r2.Select(Encode), store.GetReceipts(2).Select(Encode));
        }
        using var reopened = new SqliteChainStore(DbPath);   // nothing in memory: every lookup reads SQLite
        Assert.Equal(fromMemory, r1.Concat(r2).Select(r => Encode(reopened.GetReceipt(r.TransactionHash)!)));

        // The cache keeps a bounded number of receipts, oldest blocks out first, the newest block always.
        var recent = new RecentReceipts(maxReceipts: 2);
        recent.Add(1, r1);
        recent.Add(2, r2);
        Assert.Null(recent.Block(1));
        Assert.Null(recent.Find(r1[0].TransactionHash));
        Assert.Equal(r2[1].TransactionHash, recent.Find(r2[1].TransactionHash)!.TransactionHash);
        recent.RemoveAbove(1);
        Assert.Null(recent.Find(r2[1].TransactionHash));
    }

    private static byte[] Encode(Receipt receipt)
    {
        var writer = new AgentChain.Core.Rlp.RlpWriter();
        ChainCodec.WriteBlockReceipts(writer, [receipt]);
        return writer.ToArray();
    }

    [Fact]
    public void Rewinding_removes_the_later_blocks_receipts_locations_and_log_index()
    {
        using var store = new SqliteChainStore(DbPath);
        var (b1, r1) = MakeBlock(1, [Log(TokenA, Transfer, Alice)]);
        var (b2, r2) = MakeBlock(2, [Log(TokenA, Transfer, Bob)]);
        store.CommitBlock(b1, r1, new StateChangeSet());
        store.CommitBlock(b2, r2, new StateChangeSet());

        store.Rewind(1, new StateChangeSet(), Hash256.EmptyTrieRoot);

        Assert.Equal(1UL, store.HeadNumber);
        Assert.Null(store.GetReceipt(r2[0].TransactionHash));
        Assert.Empty(store.GetReceipts(2));
        Assert.NotNull(store.GetReceipt(r1[0].TransactionHash));
        Assert.Equal([1UL], store.GetLogs(new LogFilter(0, 10, [TokenA], [[Transfer]]), 10).Select(l => l.BlockNumber));
    }

    [Fact]
    public void A_data_directory_with_per_receipt_and_per_log_rows_is_converted_when_opened()
    {
        var (b1, r1) = MakeBlock(1, [Log(TokenA, Transfer, Alice)], [Log(TokenB, Approval, Bob)]);
        var (b2, r2) = MakeBlock(2, [Log(TokenB, Transfer, Bob)]);
        // The tables as the store wrote them before, with rows as it wrote them (same receipt encoding).
        using (var old = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DbPath, Pooling = false }.ToString()))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE blocks (number INTEGER PRIMARY KEY, hash BLOB NOT NULL UNIQUE, data BLOB NOT NULL);
                CREATE TABLE receipts (tx_hash BLOB PRIMARY KEY, block_number INTEGER NOT NULL, tx_index INTEGER NOT NULL, data BLOB NOT NULL);
                CREATE INDEX receipts_by_block ON receipts (block_number, tx_index);
                CREATE TABLE logs (block_number INTEGER NOT NULL, log_index INTEGER NOT NULL, tx_index INTEGER NOT NULL,
                    tx_hash BLOB NOT NULL, address BLOB NOT NULL, topic0 BLOB, data BLOB NOT NULL, topics BLOB NOT NULL,
                    PRIMARY KEY (block_number, log_index)) WITHOUT ROWID;
                """;
            create.ExecuteNonQuery();
            foreach (var (block, receipts) in new[] { (b1, r1), (b2, r2) })
            {
                using var insertBlock = old.CreateCommand();
                insertBlock.CommandText = "INSERT INTO blocks VALUES ($n, $h, $d)";
                insertBlock.Parameters.AddWithValue("$n", (long)block.Number);
                insertBlock.Parameters.AddWithValue("$h", block.Hash.ToArray());
                insertBlock.Parameters.AddWithValue("$d", ChainCodec.EncodeBlock(block));
                insertBlock.ExecuteNonQuery();
                foreach (Receipt receipt in receipts)
                {
                    using var insert = old.CreateCommand();
                    insert.CommandText = "INSERT INTO receipts VALUES ($h, $n, $i, $d)";
                    insert.Parameters.AddWithValue("$h", receipt.TransactionHash.ToArray());
                    insert.Parameters.AddWithValue("$n", (long)block.Number);
                    insert.Parameters.AddWithValue("$i", receipt.TransactionIndex);
                    insert.Parameters.AddWithValue("$d", ChainCodec.EncodeReceipt(receipt));
                    insert.ExecuteNonQuery();
                }
            }
        }

        using (var store = new SqliteChainStore(DbPath))
        {
            Assert.Equal(1, store.GetReceipt(r1[1].TransactionHash)!.TransactionIndex);
            Assert.Equal(2UL, store.GetReceipt(r2[0].TransactionHash)!.BlockNumber);
            Assert.Equal(["1.0", "2.0"], store.GetLogs(new LogFilter(0, 10, [], [[Transfer]]), 10).Select(l => $"{l.BlockNumber}.{l.LogIndex}"));
            Assert.Equal(["1.1", "2.0"], store.GetLogs(new LogFilter(0, 10, [TokenB], []), 10).Select(l => $"{l.BlockNumber}.{l.LogIndex}"));
        }
        using var check = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DbPath, Pooling = false }.ToString());
        check.Open();
        using var tables = check.CreateCommand();
        tables.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('receipts', 'logs')";
        Assert.Equal(0L, (long)tables.ExecuteScalar()!);
    }
}
