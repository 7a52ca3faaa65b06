namespace AgentChain.Node.TxPool;

/// <summary>
/// A transaction the pool will not take. The message starts with the phrase geth uses for the same rule
/// ("nonce too low", "replacement transaction underpriced", ...) because libraries match on it.
/// </summary>
public sealed class TxPoolRejection(string message) : Exception(message);
