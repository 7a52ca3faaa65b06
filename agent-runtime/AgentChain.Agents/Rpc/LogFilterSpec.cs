using AgentChain.Core.Types;

namespace AgentChain.Agents.Rpc;

/// <summary>An address and topic filter for eth_getLogs and logs subscriptions (null topic = any).</summary>
public sealed record LogFilterSpec(Address Address, IReadOnlyList<Hash256?> Topics);
