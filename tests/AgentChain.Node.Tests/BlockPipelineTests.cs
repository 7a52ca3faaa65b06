using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Node.Chain;
using AgentChain.Node.Production;
using AgentChain.Node.Storage;
using AgentChain.Node.Threading;

namespace AgentChain.Node.Tests;

/// <summary>
/// The propose → execute → commit seams: proposing on an executed parent whose write has not completed, what clients
/// see while a block waits for durability, ordering of commits, stale proposals, and a crash between execute and commit.
/// </summary>
public sealed class BlockPipelineTests : IDisposable
{
    private readonly string _dir = TestChain.TempDirectory();
    private string DbPath => Path.Combine(_dir, "chain.sqlite");
    private static readonly Address Recipient = Address.Parse("0x000000000000000000000000000000000000cafe");
    private static Address Sender => TestChain.Accounts[0].Address;

    private static ExecutedBlock Execute(LocalChain chain, BlockProposal proposal) => LargeStack.Run(() => chain.Execute(proposal));

    private static void WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 3000 && !condition(); i++) Thread.Sleep(10);
        Assert.True(condition());
    }

    [Fact]
    public async Task NextBlockIsProposedWithTheNoncesAfterAnExecutedButUnwrittenParentAndClientsSeeOnlyDurableBlocks()
    {
        var store = new GatedChainStore(DbPath);
        using var chain = new LocalChain(new ChainOptions(), store);
        Block genesis = chain.Head;
        Hash256 first = chain.SubmitRawTransaction(TestChain.Transfer(TestChain.Accounts[0], 0, Recipient, 5).Encode());

        store.Closed = true;
        ExecutedBlock one = Execute(chain, chain.Propose()!);
        Task<Block> writingOne = chain.Commit(one);
        WaitUntil(() => store.Waiting == 1);

        // Admission and selection run against the executed tip: nonce 1 is next even though block 1 is not durable.
        Hash256 second = chain.SubmitRawTransaction(TestChain.Transfer(TestChain.Accounts[0], 1, Recipient, 7).Encode());
        BlockProposal proposalTwo = chain.Propose()!;
        Assert.Equal(one.Block.Hash, proposalTwo.Parent.Hash);
        Assert.Equal([second], proposalTwo.Transactions.Select(p => p.Transaction.Hash));
        ExecutedBlock two = Execute(chain, proposalTwo);
        Assert.Equal(2UL, chain.Tip.Number);

        // Nothing of blocks 1 and 2 is visible yet: head, state, receipts and blocks are genesis's.
        Assert.Equal(genesis.Hash, chain.Head.Hash);
        Assert.Null(chain.GetAccount(Recipient));
        Assert.Equal(0UL, chain.GetAccount(Sender)!.Value.Nonce);
        Assert.Null(chain.GetReceipt(first));
        Assert.Null(chain.GetBlock(1));
        Assert.NotNull(chain.GetPendingTransaction(first));
        Assert.Equal((2, 0), chain.PoolStatus());
        Assert.Equal(2UL, chain.GetPendingNonce(Sender));
        Assert.False(writingOne.IsCompleted);

        Task<Block> writingTwo = chain.Commit(two);
        store.Release();
        Assert.Equal(one.Block.Hash, (await writingOne).Hash);
        WaitUntil(() => store.Waiting == 2);
        // Block 1 is durable and visible; block 2 still is not.
        Assert.Equal(1UL, chain.Head.Number);
        Assert.Equal(new UInt256(5UL), chain.GetAccount(Recipient)!.Value.Balance);
        Assert.Equal(1UL, chain.GetAccount(Sender)!.Value.Nonce);
        Assert.NotNull(chain.GetReceipt(first));
        Assert.Null(chain.GetReceipt(second));
        Assert.NotNull(chain.GetPendingTransaction(second));
        Assert.Null(chain.GetPendingTransaction(first));

        store.Release();
        Assert.Equal(two.Block.Hash, (await writingTwo).Hash);
        Assert.Equal(2UL, chain.Head.Number);
        Assert.Equal(one.Block.Hash, chain.Head.Header.ParentHash);
        Assert.Equal(new UInt256(12UL), chain.GetAccount(Recipient)!.Value.Balance);
        Assert.Equal((0, 0), chain.PoolStatus());
    }

    [Fact]
    public async Task AWrittenBlockIsServedOnlyOnceItIsPublished()
    {
        var store = new GatedChainStore(DbPath) { HoldAfterWrite = true };
        using var chain = new LocalChain(new ChainOptions(), store);
        store.Closed = true;
        Hash256 tx = chain.SubmitRawTransaction(TestChain.Transfer(TestChain.Accounts[0], 0, Recipient, 5).Encode());
        Task<Block> writing = LargeStack.Run(() => chain.ProduceBlockPipelined())!;
        WaitUntil(() => store.Waiting == 1);

        Block stored = store.GetBlock(1)!;
        Assert.Equal(0UL, chain.Head.Number);
        Assert.Null(chain.GetBlock(1));
        Assert.Null(chain.GetBlock(stored.Hash));
        Assert.Null(chain.GetReceipt(tx));
        Assert.Empty(chain.GetReceipts(1));
        Assert.Null(chain.GetAccount(Recipient));

        store.Release();
        Assert.Equal(stored.Hash, (await writing).Hash);
        Assert.Equal(stored.Hash, chain.Head.Hash);
        Assert.NotNull(chain.GetReceipt(tx));
    }

    [Fact]
    public async Task OlderBlockStateIsReadCorrectlyWhileABlockIsUnwritten()
    {
        var store = new GatedChainStore(DbPath);
        using var chain = new LocalChain(new ChainOptions(), store);
        chain.SubmitRawTransaction(TestChain.Transfer(TestChain.Accounts[0], 0, Recipient, 5).Encode());
        LargeStack.Run(() => chain.ProduceBlock());
        chain.SubmitRawTransaction(TestChain.Transfer(TestChain.Accounts[0], 1, Recipient, 7).Encode());
        store.Closed = true;
        Task<Block> writing = LargeStack.Run(() => chain.ProduceBlockPipelined())!;
        WaitUntil(() => store.Waiting == 1);

        Assert.Equal(new UInt256(5UL), chain.GetAccount(Recipient, block: 1)!.Value.Balance);
        Assert.Null(chain.GetAccount(Recipient, block: 0));
        Assert.Equal(new UInt256(5UL), chain.GetAccount(Recipient)!.Value.Balance);
        store.Release();
        await writing;
        Assert.Equal(new UInt256(12UL), chain.GetAccount(Recipient)!.Value.Balance);
        Assert.Equal(new UInt256(5UL), chain.GetAccount(Recipient, block: 1)!.Value.Balance);
    }

    [Fact]
    public void AStaleProposalIsRefusedAndChangesNothing()
    {
        using var chain = new LocalChain(new ChainOptions(), new SqliteChainStore(DbPath));
        BlockProposal stale = chain.Propose(force: true)!;
        Block produced = LargeStack.Run(() => chain.ProduceBlock(force: true))!;

        var error = Assert.Throws<InvalidOperationException>(() => Execute(chain, stale));
        Assert.Contains("propose again", error.Message);
        Assert.Equal(produced.Hash, chain.Tip.Hash);
        Assert.Equal(produced.Hash, chain.Head.Hash);
    }

    [Fact]
    public async Task ABlockIsCommittedOnlyOnce()
    {
        using var chain = new LocalChain(new ChainOptions(), new SqliteChainStore(DbPath));
        ExecutedBlock executed = Execute(chain, chain.Propose(force: true)!);
        await chain.Commit(executed);

        Assert.Throws<InvalidOperationException>(() => { _ = chain.Commit(executed); });
        Assert.Equal(1UL, chain.Head.Number);
    }

    [Fact]
    public async Task DevMethodsWaitForQueuedWritesAndSeeTheirResult()
    {
        var store = new GatedChainStore(DbPath);
        using var chain = new LocalChain(new ChainOptions(), store);
        chain.SubmitRawTransaction(TestChain.Transfer(TestChain.Accounts[0], 0, Recipient, 5).Encode());
        store.Closed = true;
        Task<Block> writing = LargeStack.Run(() => chain.ProduceBlockPipelined())!;
        WaitUntil(() => store.Waiting == 1);

        Task setBalance = Task.Run(() => chain.SetBalance(Recipient, new UInt256(100UL)));
        Thread.Sleep(200);
        Assert.False(setBalance.IsCompleted);
        store.Release();
        await setBalance;
        Assert.True(writing.IsCompletedSuccessfully);
        Assert.Equal(1UL, chain.Head.Number);
        Assert.Equal(new UInt256(100UL), chain.GetAccount(Recipient)!.Value.Balance);
    }

    [Fact]
    public void ACrashBetweenExecuteAndCommitLosesOnlyTheUnseenBlock()
    {
        Block durable;
        using (var chain = new LocalChain(new ChainOptions(), new SqliteChainStore(DbPath)))
        {
            chain.SubmitRawTransaction(TestChain.Transfer(TestChain.Accounts[0], 0, Recipient, 5).Encode());
            durable = LargeStack.Run(() => chain.ProduceBlock())!;
            chain.SubmitRawTransaction(TestChain.Transfer(TestChain.Accounts[0], 1, Recipient, 7).Encode());
            ExecutedBlock lost = Execute(chain, chain.Propose()!);
            Assert.Equal(2UL, lost.Number);
            // The process stops here: block 2 was executed and sealed in memory, never handed to the committer.
        }
        // Opening checks the loaded state against the stored root, so a half-written block would fail here.
        using (var restarted = new LocalChain(new ChainOptions(), new SqliteChainStore(DbPath)))
        {
            Assert.Equal(durable.Hash, restarted.Head.Hash);
            Assert.Equal(durable.Hash, restarted.Tip.Hash);
            Assert.Equal(new UInt256(5UL), restarted.GetAccount(Recipient)!.Value.Balance);
            Assert.Equal(1UL, restarted.GetAccount(Sender)!.Value.Nonce);
            Assert.Single(restarted.GetReceipts(1));
            Assert.Empty(restarted.GetReceipts(2));
            // The chain continues from the durable block, with a block 2 of other content.
            restarted.SubmitRawTransaction(TestChain.Transfer(TestChain.Accounts[0], 1, Recipient, 9).Encode());
            Block next = LargeStack.Run(() => restarted.ProduceBlock())!;
            Assert.Equal(2UL, next.Number);
            Assert.Equal(durable.Hash, next.Header.ParentHash);
            Assert.Equal(new UInt256(14UL), restarted.GetAccount(Recipient)!.Value.Balance);
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { /* a temp directory left behind is harmless; the OS cleans /tmp */ }
    }
}
