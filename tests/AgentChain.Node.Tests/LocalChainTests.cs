using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Node.Chain;
using AgentChain.Node.Storage;
using AgentChain.Node.Threading;
using AgentChain.Node.TxPool;

namespace AgentChain.Node.Tests;

public sealed class LocalChainTests : IDisposable
{
    private readonly string _dir = TestChain.TempDirectory();
    private string DbPath => Path.Combine(_dir, "chain.sqlite");

    private LocalChain Open(ChainOptions? options = null) => new(options ?? new ChainOptions(), new SqliteChainStore(DbPath));

    private static Block Mine(LocalChain chain) => LargeStack.Run(() => chain.ProduceBlock(force: true))!;

    private static readonly Address Recipient = Address.Parse("0x000000000000000000000000000000000000beef");

    [Fact]
    public void GenesisPrefundsTheDevAccounts()
    {
        using LocalChain chain = Open();
        Assert.Equal(0UL, chain.Head.Number);
        Assert.Equal(UInt256.Parse("10000000000000000000000"), chain.GetAccount(TestChain.Accounts[0].Address)!.Value.Balance);
    }

    [Fact]
    public void TransferIsMinedWithAReceiptAndRestartContinuesTheChain()
    {
        Hash256 txHash;
        Hash256 headHash;
        using (LocalChain chain = Open())
        {
            txHash = chain.SubmitRawTransaction(TestChain.Transfer(TestChain.Accounts[0], 0, Recipient, 1234).Encode());
            Block block = Mine(chain);
            Assert.Single(block.Transactions);
            Receipt receipt = chain.GetReceipt(txHash)!;
            Assert.True(receipt.Success);
            Assert.Equal(21_000UL, receipt.GasUsed);
            Assert.Equal(block.Hash, receipt.BlockHash);
            Assert.Equal(new UInt256(1234UL), chain.GetAccount(Recipient)!.Value.Balance);
            Mine(chain);
            headHash = chain.Head.Hash;
        }
        using (LocalChain reopened = Open())
        {
            Assert.True(reopened.Resumed);
            Assert.Equal(2UL, reopened.Head.Number);
            Assert.Equal(headHash, reopened.Head.Hash);
            Assert.Equal(new UInt256(1234UL), reopened.GetAccount(Recipient)!.Value.Balance);
            Assert.NotNull(reopened.GetReceipt(txHash));
            Assert.Equal(1UL, reopened.GetAccount(TestChain.Accounts[0].Address)!.Value.Nonce);
            Assert.Equal(3UL, Mine(reopened).Number);
        }
    }

    [Fact]
    public void ContractStorageAndLogsSurviveARestartWithTheSameStateRoot()
    {
        Address logger = Address.Parse("0x0000000000000000000000000000000000001000");
        Hash256 root;
        using (LocalChain chain = Open())
        {
            chain.SetCode(logger, TestChain.LoggingCode());
            chain.SetStorageAt(logger, new UInt256(7UL), new UInt256(99UL));
            chain.SubmitRawTransaction(TestChain.Transfer(TestChain.Accounts[1], 0, logger, 0, gas: 100_000).Encode());
            Mine(chain);
            root = chain.Head.Header.StateRoot;
            var logs = chain.GetLogs(new LogFilter(0, 10, [logger], []), 100);
            Assert.Single(logs);
        }
        using LocalChain reopened = Open();
        Assert.Equal(root, reopened.Head.Header.StateRoot);
        Assert.Equal(new UInt256(99UL), reopened.GetStorage(logger, new UInt256(7UL)));
        Assert.Single(reopened.GetLogs(new LogFilter(0, 10, [], [[new Hash256(Enumerable.Repeat((byte)0x11, 32).ToArray())]]), 100));
        Assert.Empty(reopened.GetLogs(new LogFilter(0, 10, [], [[Hash256.Zero]]), 100));
    }

    [Fact]
    public void StateAtOlderBlocksIsReadFromRecentHistory()
    {
        Address slotOwner = Address.Parse("0x0000000000000000000000000000000000005107");
        using (LocalChain chain = Open())
        {
            chain.SubmitRawTransaction(TestChain.Transfer(TestChain.Accounts[0], 0, Recipient, 100).Encode());
            Mine(chain); // 1: recipient has 100
            chain.SetBalance(Recipient, new UInt256(5UL));
            Mine(chain); // 2: the dev change is in block 2's state
            chain.SetStorageAt(slotOwner, UInt256.One, new UInt256(7UL));
            Mine(chain); // 3
            chain.SetBalance(Recipient, new UInt256(9UL)); // after the head: only "latest" sees it

            Assert.Null(chain.GetAccount(Recipient, 0));
            Assert.Equal(new UInt256(100UL), chain.GetAccount(Recipient, 1)!.Value.Balance);
            Assert.Equal(new UInt256(5UL), chain.GetAccount(Recipient, 2)!.Value.Balance);
            Assert.Equal(new UInt256(9UL), chain.GetAccount(Recipient)!.Value.Balance);
            Assert.Equal(UInt256.Zero, chain.GetStorage(slotOwner, UInt256.One, 2));
            Assert.Equal(new UInt256(7UL), chain.GetStorage(slotOwner, UInt256.One, 3));
            Assert.Equal(1UL, chain.GetAccount(TestChain.Accounts[0].Address, 1)!.Value.Nonce);
            Assert.Equal(0UL, chain.GetAccount(TestChain.Accounts[0].Address, 0)!.Value.Nonce);
        }
        using LocalChain reopened = Open();
        Assert.Throws<StateUnavailableException>(() => reopened.GetAccount(Recipient, 1));
    }

    [Fact]
    public void ADataDirectoryOfAnotherChainIsRefusedWithAHint()
    {
        using (Open()) { }
        var e = Assert.Throws<InvalidOperationException>(() => Open(new ChainOptions { ChainId = 1 }));
        Assert.Contains("--fresh", e.Message);
    }

    [Fact]
    public void PoolRejectsWithTheStandardMessages()
    {
        using LocalChain chain = Open();
        var a = TestChain.Accounts[0];
        chain.SubmitRawTransaction(TestChain.Transfer(a, 0, Recipient).Encode());
        Mine(chain);
        AssertRejected("nonce too low", () => chain.SubmitRawTransaction(TestChain.Transfer(a, 0, Recipient).Encode()));
        AssertRejected("invalid chain id", () => chain.SubmitRawTransaction(TestChain.Transfer(a, 1, Recipient, chainId: 1).Encode()));
        AssertRejected("intrinsic gas too low", () => chain.SubmitRawTransaction(TestChain.Transfer(a, 1, Recipient, gas: 20_000).Encode()));
        AssertRejected("max fee per gas less than block base fee", () => chain.SubmitRawTransaction(TestChain.Transfer(a, 1, Recipient, maxFeeGwei: 0, tipGwei: 0).Encode()));
        var poor = new DevAccounts.DevAccount(Core.Crypto.Secp256k1.AddressFromPrivateKey(Enumerable.Repeat((byte)7, 32).ToArray()), Enumerable.Repeat((byte)7, 32).ToArray());
        AssertRejected("insufficient funds for gas * price + value", () => chain.SubmitRawTransaction(TestChain.Transfer(poor, 0, Recipient).Encode()));
        AssertRejected("oversized data", () => chain.SubmitRawTransaction(TestChain.Transfer(a, 1, Recipient, gas: 5_000_000, data: new byte[200_000]).Encode()));
        AssertRejected("rlp", () => chain.SubmitRawTransaction([0xf8, 0xff, 0x01]));

        chain.SubmitRawTransaction(TestChain.Transfer(a, 1, Recipient, maxFeeGwei: 10, tipGwei: 1).Encode());
        AssertRejected("replacement transaction underpriced", () => chain.SubmitRawTransaction(TestChain.Transfer(a, 1, Recipient, 2, maxFeeGwei: 10, tipGwei: 1).Encode()));
        AssertRejected("replacement transaction underpriced", () => chain.SubmitRawTransaction(TestChain.Transfer(a, 1, Recipient, 2, maxFeeGwei: 10, tipGwei: 2).Encode()));
        Hash256 replacement = chain.SubmitRawTransaction(TestChain.Transfer(a, 1, Recipient, 2, maxFeeGwei: 11, tipGwei: 2).Encode());
        Block block = Mine(chain);
        Assert.Equal(replacement, Assert.Single(block.Transactions).Hash);
    }

    [Fact]
    public void QueuedTransactionsWaitForTheNonceGap()
    {
        using LocalChain chain = Open();
        var a = TestChain.Accounts[0];
        chain.SubmitRawTransaction(TestChain.Transfer(a, 1, Recipient).Encode());
        Assert.Equal((0, 1), chain.PoolStatus());
        Assert.Empty(Mine(chain).Transactions);
        chain.SubmitRawTransaction(TestChain.Transfer(a, 0, Recipient).Encode());
        Assert.Equal(2, Mine(chain).Transactions.Count);
        Assert.Equal(2UL, chain.GetPendingNonce(a.Address));
    }

    [Fact]
    public void SnapshotAndRevertRestoreBlocksAndState()
    {
        using LocalChain chain = Open();
        Mine(chain);
        int snapshot = chain.Snapshot();
        Hash256 headBefore = chain.Head.Hash;
        chain.SetBalance(Recipient, new UInt256(5UL));
        chain.SubmitRawTransaction(TestChain.Transfer(TestChain.Accounts[0], 0, Recipient, 10).Encode());
        Mine(chain);
        Mine(chain);
        Assert.Equal(new UInt256(15UL), chain.GetAccount(Recipient)!.Value.Balance);
        Assert.True(chain.Revert(snapshot));
        Assert.Equal(headBefore, chain.Head.Hash);
        Assert.Null(chain.GetAccount(Recipient));
        Assert.Equal(0UL, chain.GetAccount(TestChain.Accounts[0].Address)!.Value.Nonce);
        Assert.False(chain.Revert(snapshot));
        Assert.Equal(2UL, Mine(chain).Number);
    }

    [Fact]
    public void SnapshotAfterDevChangesRevertsToThemAndRestartKeepsThem()
    {
        using (LocalChain chain = Open())
        {
            chain.SetBalance(Recipient, new UInt256(3UL));
            int snapshot = chain.Snapshot();
            chain.SetBalance(Recipient, new UInt256(4UL));
            Mine(chain);
            Assert.True(chain.Revert(snapshot));
            Assert.Equal(new UInt256(3UL), chain.GetAccount(Recipient)!.Value.Balance);
        }
        using LocalChain reopened = Open();
        Assert.Equal(new UInt256(3UL), reopened.GetAccount(Recipient)!.Value.Balance);
        Assert.Equal(0UL, reopened.Head.Number);
    }

    [Fact]
    public void BaseFeeFollowsEip1559()
    {
        var parent = new BlockHeader
        {
            ParentHash = default, Coinbase = default, StateRoot = default, TransactionsRoot = default, ReceiptsRoot = default,
            LogsBloom = new byte[256], Number = 1, GasLimit = 30_000_000, GasUsed = 0, Timestamp = 0, BaseFeePerGas = new UInt256(1_000_000_000UL),
        };
        Assert.Equal(new UInt256(875_000_000UL), LocalChain.NextBaseFee(parent));
        var full = new BlockHeader
        {
            ParentHash = default, Coinbase = default, StateRoot = default, TransactionsRoot = default, ReceiptsRoot = default,
            LogsBloom = new byte[256], Number = 1, GasLimit = 30_000_000, GasUsed = 30_000_000, Timestamp = 0, BaseFeePerGas = new UInt256(1_000_000_000UL),
        };
        Assert.Equal(new UInt256(1_125_000_000UL), LocalChain.NextBaseFee(full));
    }

    private static void AssertRejected(string phrase, Action submit)
    {
        var e = Assert.Throws<TxPoolRejection>(submit);
        Assert.StartsWith(phrase, e.Message);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
