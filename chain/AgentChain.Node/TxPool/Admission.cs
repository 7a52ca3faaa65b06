using AgentChain.Core.Types;

namespace AgentChain.Node.TxPool;

/// <summary>
/// The outcome of admitting one raw transaction (<see cref="LocalChain.SubmitRawTransactions"/>): its hash when it
/// entered the pool, otherwise the exception that refused it (a <see cref="TxPoolRejection"/> for every refusal a
/// client is meant to see) and a default hash.
/// </summary>
public readonly record struct Admission(Hash256 Hash, Exception? Error);
