using AgentChain.Node.Chain;
using AgentChain.Node.Storage;
using AgentChain.Node.TxPool;

namespace AgentChain.Node.Production;

/// <summary>
/// A block executed on top of its parent and sealed, but not yet durable: its receipts, the change set the store
/// write carries (flat state and trie nodes), and the previous values of everything it changed
/// (<see cref="Undo"/>), through which readers still see the committed head while this block waits for its write.
/// Proposals for the next block build on it.
/// </summary>
public sealed class ExecutedBlock
{
    public required Block Block { get; init; }
    public required IReadOnlyList<Receipt> Receipts { get; init; }
    public required StateChangeSet Changes { get; init; }
    /// <summary>This block's own changes undone (not the dev-method changes before it, which are already visible).</summary>
    public required StateChangeSet Undo { get; init; }
    /// <summary>Every transaction the proposal chose, included or not (the rejected ones leave the pool when the block is published).</summary>
    public required IReadOnlyList<PooledTransaction> Proposed { get; init; }
    /// <summary>Phase timings of proposing and executing, for <c>AGENTCHAIN_NODE_TIMING</c>; the commit adds its own.</summary>
    public required string ExecutionTiming { get; init; }

    public ulong Number => Block.Number;

    /// <summary>Set when the block has been handed to the committer, which takes each block once.</summary>
    internal bool CommitQueued { get; set; }
}
