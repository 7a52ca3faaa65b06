using AgentChain.Core.Numerics;
using AgentChain.Evm;
using AgentChain.Node.Chain;
using AgentChain.Node.TxPool;

namespace AgentChain.Node.Production;

/// <summary>
/// A proposed block before execution: the parent it builds on (the newest executed block, durable or not), the
/// block environment and the pool transactions chosen with the nonces after that parent. A BFT leader broadcasts
/// this; every validator executes it with <see cref="IProposalExecutor"/>.
/// </summary>
public sealed record BlockProposal(BlockHeader Parent, BlockEnvironment Environment, IReadOnlyList<PooledTransaction> Transactions)
{
    public ulong Number => Environment.Number;
    public UInt256 BaseFee => Environment.BaseFee;

    /// <summary>How long selecting from the pool took (diagnostics for <c>AGENTCHAIN_NODE_TIMING</c>; not part of the proposal).</summary>
    public TimeSpan SelectionTime { get; init; }
}
