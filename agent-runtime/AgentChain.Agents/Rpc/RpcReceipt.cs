using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Agents.Rpc;

/// <summary>A transaction receipt: success, where it was mined, what it cost and what it logged.</summary>
public sealed record RpcReceipt(Hash256 TransactionHash, bool Succeeded, ulong BlockNumber, ulong GasUsed, UInt256 EffectiveGasPrice,
    IReadOnlyList<RpcLog> Logs);
