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
/// <remarks>
/// When the pool is full a newcomer may evict one transaction, always the last of some sender's queue (dropping
/// one from the middle would strand the later ones behind a gap). Queued transactions go first, furthest ahead of
/// their sender's nonce first, then cheapest; a queued newcomer only displaces one further ahead than itself (or as
/// far and cheaper), never a pending one (geth: a future transaction never churns pending ones). A pending
/// transaction is displaced only by a newcomer that pays a strictly higher tip at the current base fee, so a
/// sender's executable head is never dropped for a cheaper transaction.
/// </remarks>
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

    /// <summary>
    /// Adds or replaces; returns the replaced transaction, if any, and the one evicted to make room, if any.
    /// <paramref name="accountNonce"/> gives senders' account nonces (which transactions are pending);
    /// <paramref name="baseFee"/> prices them (tip at that base fee) when the pool is full. <paramref name="encoded"/>
    /// is the transaction's canonical encoding when the caller has it (the raw bytes submitted); encoded here otherwise.
    /// </summary>
    public PoolAdmission Add(Transaction tx, Address sender, Func<Address, ulong> accountNonce, UInt256 baseFee, byte[]? encoded = null)
    {
        if (_byHash.ContainsKey(tx.Hash)) throw new TxPoolRejection("already known");
        if (!_bySender.TryGetValue(sender, out var queue)) queue = null;
        PooledTransaction? existing = null;
        if (queue is not null && queue.TryGetValue(tx.Nonce, out existing))
        {
            if (!IsSufficientBump(existing.Transaction, tx))
                throw new TxPoolRejection("replacement transaction underpriced");
        }
        PooledTransaction? evicted = null;
        if (existing is null)
        {
            if (queue is not null && queue.Count >= Limits.MaxPerSender)
                throw new TxPoolRejection($"txpool is full for sender {sender}: {Limits.MaxPerSender} transactions already waiting");
            if (_byHash.Count >= Limits.MaxTransactions)
            {
                evicted = ChooseEviction(tx, sender, accountNonce, baseFee);
                Remove(evicted);
            }
        }
        if (!_bySender.TryGetValue(sender, out queue)) _bySender[sender] = queue = [];
        if (existing is not null) _byHash.Remove(existing.Hash);
        var pooled = new PooledTransaction(tx, sender, _arrivals++, encoded ?? tx.Encode());
        queue[tx.Nonce] = pooled;
        _byHash[tx.Hash] = pooled;
        return new PoolAdmission(existing, evicted);
    }

    /// <summary>The transaction to drop for <paramref name="tx"/> in a full pool (see the remarks), or a rejection.</summary>
    private PooledTransaction ChooseEviction(Transaction tx, Address sender, Func<Address, ulong> accountNonce, UInt256 baseFee)
    {
        ulong senderNonce = accountNonce(sender);
        bool incomingPending = tx.Nonce == NextNonce(sender, senderNonce);
        ulong incomingAhead = tx.Nonce >= senderNonce ? tx.Nonce - senderNonce : 0;
        UInt256 incomingTip = TipAt(tx, baseFee);

        PooledTransaction? queued = null, pending = null;
        ulong queuedAhead = 0;
        UInt256 queuedTip = default, pendingTip = default;
        foreach ((Address owner, var ownerQueue) in _bySender)
        {
            // A newcomer that extends its sender's run must not evict that run's own tail: it would land behind a gap.
            if (owner == sender && incomingPending) continue;
            PooledTransaction tail = ownerQueue.Values.Last();
            ulong nonce = accountNonce(owner);
            UInt256 tip = TipAt(tail.Transaction, baseFee);
            if (NextNonce(owner, nonce) > tail.Nonce)
            {
                if (pending is null || tip < pendingTip) (pending, pendingTip) = (tail, tip);
            }
            else
            {
                ulong ahead = tail.Nonce - nonce;
                if (queued is null || ahead > queuedAhead || (ahead == queuedAhead && tip < queuedTip)) (queued, queuedAhead, queuedTip) = (tail, ahead, tip);
            }
        }
        if (queued is not null && (incomingPending || queuedAhead > incomingAhead || (queuedAhead == incomingAhead && queuedTip < incomingTip)))
            return queued;
        if (!incomingPending)
            throw new TxPoolRejection($"txpool is full ({Limits.MaxTransactions} transactions) and this transaction is not executable yet (nonce {tx.Nonce}, account nonce {senderNonce}): it cannot displace executable ones");
        if (pending is not null && incomingTip > pendingTip) return pending;
        throw new TxPoolRejection($"transaction underpriced: txpool is full ({Limits.MaxTransactions} transactions) and its tip {incomingTip} does not beat the cheapest waiting one's {pendingTip}");
    }

    /// <summary>What a transaction pays the block producer per gas at <paramref name="baseFee"/> (zero when the fee cap is below it).</summary>
    private static UInt256 TipAt(Transaction tx, UInt256 baseFee)
    {
        UInt256 cap = tx.MaxFeePerGasOrGasPrice;
        if (cap < baseFee) return UInt256.Zero;
        UInt256 tip = tx.Type >= TransactionType.DynamicFee ? tx.MaxPriorityFeePerGas : cap;
        return UInt256.Min(tip, cap - baseFee);
    }

    private void Remove(PooledTransaction tx)
    {
        _byHash.Remove(tx.Hash);
        var queue = _bySender[tx.Sender];
        queue.Remove(tx.Nonce);
        if (queue.Count == 0) _bySender.Remove(tx.Sender);
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
