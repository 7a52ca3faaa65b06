using AgentChain.Core.Numerics;
using AgentChain.Core.Transactions;
using AgentChain.Core.Types;
using AgentChain.Node.DevAccounts;
using AgentChain.Node.TxPool;

namespace AgentChain.Node.Tests;

/// <summary>
/// A full pool makes room by evicting the last transaction of some sender's queue: queued (future) ones first,
/// furthest ahead first, then the cheapest pending tail — never an executable one for a cheaper newcomer.
/// </summary>
public sealed class TransactionPoolEvictionTests
{
    private static readonly IReadOnlyList<DevAccount> Senders = HdWallet.DeriveAccounts(HdWallet.TestMnemonic, 5);
    private static readonly Address To = Address.Parse("0x000000000000000000000000000000000000beef");
    private static readonly UInt256 BaseFee = TestChain.Gwei; // 1 gwei: a tx with a 10 gwei cap pays its whole tip

    // Every sender's account nonce is 0 in these tests.
    private static ulong AccountNonce(Address _) => 0;

    private static TransactionPool Pool(int size) => new(new TxPoolLimits { MaxTransactions = size });

    private static Transaction Tx(int sender, ulong nonce, ulong tipGwei) =>
        TestChain.Transfer(Senders[sender], nonce, To, maxFeeGwei: 100, tipGwei: tipGwei);

    private static PoolAdmission Add(TransactionPool pool, int sender, ulong nonce, ulong tipGwei) =>
        pool.Add(Tx(sender, nonce, tipGwei), Senders[sender].Address, AccountNonce, BaseFee);

    [Fact]
    public void QueuedTransactionsGoFirstFurthestAheadFirst()
    {
        TransactionPool pool = Pool(3);
        Add(pool, 0, 0, 1);          // pending, cheapest
        Add(pool, 1, 2, 50);         // queued, 2 ahead
        Add(pool, 2, 5, 50);         // queued, 5 ahead
        PoolAdmission admitted = Add(pool, 3, 0, 2);
        Assert.Equal(Senders[2].Address, admitted.Evicted!.Sender);
        Assert.Equal(5UL, admitted.Evicted.Nonce);
        admitted = Add(pool, 4, 0, 2);
        Assert.Equal(Senders[1].Address, admitted.Evicted!.Sender);
        Assert.Equal(3, pool.Count);
        Assert.Contains(pool.All, t => t.Sender == Senders[0].Address); // the cheap executable one stays while queued ones remain
    }

    [Fact]
    public void ACheaperNewcomerNeverDisplacesAnExecutableHead()
    {
        TransactionPool pool = Pool(2);
        Add(pool, 0, 0, 5);
        Add(pool, 1, 0, 7);
        var e = Assert.Throws<TxPoolRejection>(() => Add(pool, 2, 0, 5)); // equal is not enough
        Assert.StartsWith("transaction underpriced", e.Message);
        Assert.Throws<TxPoolRejection>(() => Add(pool, 2, 0, 3));
        Assert.Equal(2, pool.Count);

        PoolAdmission admitted = Add(pool, 2, 0, 6);
        Assert.Equal(Senders[0].Address, admitted.Evicted!.Sender); // the cheapest tail
        Assert.Null(admitted.Replaced);
        Assert.DoesNotContain(pool.All, t => t.Sender == Senders[0].Address);
    }

    [Fact]
    public void OnlyASendersLastTransactionIsEvictedSoNoGapOpens()
    {
        TransactionPool pool = Pool(3);
        Add(pool, 0, 0, 9);
        Add(pool, 0, 1, 2);           // the cheapest, and sender 0's tail
        Add(pool, 1, 0, 4);
        PoolAdmission admitted = Add(pool, 2, 0, 3);
        Assert.Equal((Senders[0].Address, 1UL), (admitted.Evicted!.Sender, admitted.Evicted.Nonce));
        Assert.Equal(1UL, pool.NextNonce(Senders[0].Address, 0)); // nonce 0 is still there and executable
    }

    [Fact]
    public void ANewcomerDoesNotEvictTheTailOfTheRunItExtends()
    {
        TransactionPool pool = Pool(2);
        Add(pool, 0, 0, 1);
        Add(pool, 1, 0, 5);
        // Sender 0's nonce 1 pays more than everything, but evicting sender 0's own nonce 0 would leave it stranded.
        PoolAdmission admitted = Add(pool, 0, 1, 20);
        Assert.Equal(Senders[1].Address, admitted.Evicted!.Sender);
        Assert.Equal(2UL, pool.NextNonce(Senders[0].Address, 0));
    }

    [Fact]
    public void AFutureNewcomerNeverDisplacesPendingOnesOnlyFurtherQueuedOnes()
    {
        TransactionPool pool = Pool(2);
        Add(pool, 0, 0, 1);
        Add(pool, 1, 0, 1);
        var e = Assert.Throws<TxPoolRejection>(() => Add(pool, 2, 3, 100));
        Assert.Contains("not executable yet", e.Message);

        pool = Pool(2);
        Add(pool, 0, 0, 1);
        Add(pool, 1, 6, 50);             // 6 ahead
        PoolAdmission admitted = Add(pool, 2, 3, 1); // 3 ahead: nearer, so it wins the slot
        Assert.Equal(Senders[1].Address, admitted.Evicted!.Sender);
        Assert.Throws<TxPoolRejection>(() => Add(pool, 3, 4, 100)); // 4 ahead: further than the queued one left
    }

    [Fact]
    public void ReplacementInAFullPoolEvictsNothing()
    {
        TransactionPool pool = Pool(1);
        Add(pool, 0, 0, 1);
        // A replacement raises both caps by at least 10 %.
        PoolAdmission admitted = pool.Add(TestChain.Transfer(Senders[0], 0, To, maxFeeGwei: 200, tipGwei: 2), Senders[0].Address, AccountNonce, BaseFee);
        Assert.NotNull(admitted.Replaced);
        Assert.Null(admitted.Evicted);
        Assert.Equal(1, pool.Count);
    }
}
