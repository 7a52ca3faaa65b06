using AgentChain.Node.Chain;

namespace AgentChain.Node.Production;

/// <summary>
/// Step three, once consensus has finalised a block: writes it to the store (one atomic write), and only after that
/// write has completed makes it visible — the head, receipts and state that RPC serves, and the subscriptions.
/// Blocks are committed strictly in the order they were handed in, so a client can never see block n+1 without n.
/// </summary>
public interface IBlockCommitter
{
    /// <summary>
    /// Queues <paramref name="block"/> for its store write; the task completes when it is durable and visible, and
    /// faults (as does every later commit) when the write fails.
    /// </summary>
    Task<Block> Commit(ExecutedBlock block);
}
