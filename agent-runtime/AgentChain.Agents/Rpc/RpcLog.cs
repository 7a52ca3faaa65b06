using AgentChain.Core.Types;

namespace AgentChain.Agents.Rpc;

/// <summary>A log as eth_getLogs, receipts and logs subscriptions return it.</summary>
public sealed record RpcLog(Address Address, IReadOnlyList<Hash256> Topics, byte[] Data, ulong BlockNumber, Hash256 TransactionHash,
    ulong LogIndex, bool Removed);
