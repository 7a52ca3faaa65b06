using AgentChain.Core.Numerics;
using AgentChain.Core.Transactions;
using AgentChain.Core.Types;

namespace AgentChain.Node.TxPool;

/// <summary>
/// Transactions waiting for a block, per sender ordered by nonce. A sender's run of consecutive nonces starting at
/// its account nonce is <em>pending</em> (can be included now); the rest is <em>queued</em> behind a gap. Same
/// sender and nonce replaces only with a ≥ 10 % bump of both fee caps. Not thread-safe: the chain lock guards it.
/// Stateful checks (nonce, balance, base fee) are the caller's, since it holds the state.
/// </summary>
public sealed class TransactionPool(TxPoolLimits limits)
{
    private readonly Dictionary<Address, SortedDictionary<ulong, PooledTransaction>> _bySender = [];
    private readonly Dictionary<Hash256, PooledTransaction> _byHash = [];
    private long _arrivals;

    public TxPoolLimits Limits { get; } = limits;

    public int Count => _byHash.Count;

    public bool Contains(in Hash256 hash) => _byHash.ContainsKey(hash);

    public PooledTransaction? Get(in Hash256 hash) => _byHash.GetValueOrDefault(hash);

    public IEnumerable<PooledTransaction> All => _byHash.Values;

    /// <summary>Adds or replaces; returns the replaced transaction, if any.</summary>
    public PooledTransaction? Add(Transaction tx, Address sender)
    {
        if (_byHash.ContainsKey(tx.Hash)) throw new TxPoolRejection("already known");
        if (!_bySender.TryGetValue(sender, out var queue)) queue = null;
        PooledTransaction? existing = null;
        if (queue is not null && queue.TryGetValue(tx.Nonce, out existing))
        {
            if (!IsSufficientBump(existing.Transaction, tx))
                throw new TxPoolRejection("replacement transaction underpriced");
        }
        else
        {
            if (_byHash.Count >= Limits.MaxTransactions) throw new TxPoolRejection($"txpool is full ({Limits.MaxTransactions} transactions); wait for blocks to drain it");
            if (queue is not null && queue.Count >= Limits.MaxPerSender)
                throw new TxPoolRejection($"txpool is full for sender {sender}: {Limits.MaxPerSender} transactions already waiting");
        }
        if (queue is null) _bySender[sender] = queue = [];
        if (existing is not null) _byHash.Remove(existing.Hash);
        var pooled = new PooledTransaction(tx, sender, _arrivals++);
        queue[tx.Nonce] = pooled;
        _byHash[tx.Hash] = pooled;
        return existing;
    }

    private bool IsSufficientBump(Transaction old, Transaction replacement)
    {
        UInt256 bump = new((ulong)(100 + Limits.ReplacementBumpPercent));
        UInt256 hundred = new(100UL);
        bool feeCap = replacement.MaxFeePerGasOrGasPrice * hundred >= old.MaxFeePerGasOrGasPrice * bump;
        UInt256 oldTip = old.Type >= TransactionType.DynamicFee ? old.MaxPriorityFeePerGas : old.GasPrice;
        UInt256 newTip = replacement.Type >= TransactionType.DynamicFee ? replacement.MaxPriorityFeePerGas : replacement.GasPrice;
        return feeCap && newTip * hundred >= oldTip * bump;
    }

    /// <summary>
    /// Picks includable transactions in arrival order across senders while keeping each sender's nonce order,
    /// skipping those whose fee cap is below <paramref name="baseFee"/>, up to <paramref name="gasLimit"/>.
    /// </summary>
    public List<PooledTransaction> SelectForBlock(Func<Address, ulong> accountNonce, UInt256 baseFee, ulong gasLimit, int maxCount)
    {
        var heads = new PriorityQueue<(Address Sender, ulong Nonce), long>();
        foreach ((Address sender, var queue) in _bySender)
        {
            ulong nonce = accountNonce(sender);
            if (queue.TryGetValue(nonce, out PooledTransaction? first)) heads.Enqueue((sender, nonce), first.Arrival);
        }
        var selected = new List<PooledTransaction>();
        ulong gas = 0;
        while (selected.Count < maxCount && heads.TryDequeue(out var head, out _))
        {
            PooledTransaction tx = _bySender[head.Sender][head.Nonce];
            if (tx.Transaction.MaxFeePerGasOrGasPrice < baseFee) continue; // waits for the base fee to fall
            if (gas + tx.Transaction.GasLimit > gasLimit)
            {
                if (gasLimit - gas < 21_000) break;
                continue;
            }
            gas += tx.Transaction.GasLimit;
            selected.Add(tx);
            if (_bySender[head.Sender].TryGetValue(head.Nonce + 1, out PooledTransaction? next)) heads.Enqueue((head.Sender, head.Nonce + 1), next.Arrival);
        }
        return selected;
    }

    /// <summary>The first nonce after the sender's run of consecutive pooled nonces starting at <paramref name="accountNonce"/>.</summary>
    public ulong NextNonce(Address sender, ulong accountNonce)
    {
        if (!_bySender.TryGetValue(sender, out var queue)) return accountNonce;
        while (queue.ContainsKey(accountNonce)) accountNonce++;
        return accountNonce;
    }

    /// <summary>Drops every transaction whose nonce is below its sender's account nonce (included or stale).</summary>
    public void RemoveStale(IEnumerable<Address> senders, Func<Address, ulong> accountNonce)
    {
        foreach (Address sender in senders.Distinct())
        {
            if (!_bySender.TryGetValue(sender, out var queue)) continue;
            ulong nonce = accountNonce(sender);
            while (queue.Count > 0)
            {
                ulong first = queue.Keys.First();
                if (first >= nonce) break;
                _byHash.Remove(queue[first].Hash);
                queue.Remove(first);
            }
            if (queue.Count == 0) _bySender.Remove(sender);
        }
    }

    /// <summary>Pending (consecutive from the account nonce) and queued counts, for txpool_status.</summary>
    public (int Pending, int Queued) Status(Func<Address, ulong> accountNonce)
    {
        int pending = 0;
        foreach ((Address sender, var queue) in _bySender)
        {
            ulong nonce = accountNonce(sender);
            while (queue.ContainsKey(nonce)) { pending++; nonce++; }
        }
        return (pending, _byHash.Count - pending);
    }

    public void Clear()
    {
        _bySender.Clear();
        _byHash.Clear();
    }
}
