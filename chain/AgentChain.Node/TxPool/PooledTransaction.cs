using AgentChain.Core.Transactions;
using AgentChain.Core.Types;

namespace AgentChain.Node.TxPool;

/// <summary>A transaction waiting in the pool, with its recovered sender and arrival order.</summary>
public sealed record PooledTransaction(Transaction Transaction, Address Sender, long Arrival)
{
    public Hash256 Hash => Transaction.Hash;
    public ulong Nonce => Transaction.Nonce;
}
