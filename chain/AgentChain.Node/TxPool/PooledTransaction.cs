using AgentChain.Core.Transactions;
using AgentChain.Core.Types;

namespace AgentChain.Node.TxPool;

/// <summary>
/// A transaction waiting in the pool, with its recovered sender, arrival order and canonical encoding — the raw
/// bytes it was submitted as, kept so that sealing and storing its block never encode it again.
/// </summary>
public sealed record PooledTransaction(Transaction Transaction, Address Sender, long Arrival, byte[] Encoded)
{
    public Hash256 Hash => Transaction.Hash;
    public ulong Nonce => Transaction.Nonce;
}
