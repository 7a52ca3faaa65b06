namespace AgentChain.Node.TxPool;

/// <summary>What adding a transaction displaced: the same-nonce transaction it replaced, and the one evicted to make room in a full pool.</summary>
public sealed record PoolAdmission(PooledTransaction? Replaced, PooledTransaction? Evicted);
