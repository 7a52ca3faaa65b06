namespace AgentChain.Node.Production;

/// <summary>
/// Step two: executes a proposal on its parent's state (with <see cref="AgentChain.Execution.IBlockExecutor"/>),
/// computes the state root and seals the block. The result is held in memory only: readers (RPC, calls, proofs)
/// keep seeing the committed head until <see cref="IBlockCommitter"/> has made the block durable.
/// </summary>
public interface IProposalExecutor
{
    /// <summary>
    /// Executes and seals <paramref name="proposal"/>. Throws <see cref="InvalidOperationException"/> when its
    /// parent is no longer the newest executed block (a stale proposal), and changes nothing then.
    /// </summary>
    ExecutedBlock Execute(BlockProposal proposal);
}
