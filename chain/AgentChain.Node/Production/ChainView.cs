using AgentChain.Core.Types;
using AgentChain.Node.Chain;
using AgentChain.Node.Storage;

namespace AgentChain.Node.Production;

/// <summary>
/// What readers may see, swapped as one immutable value so a reader never pairs one head with another head's state:
/// the newest durable block, the root of the durable state (the head's, or after later dev-method changes), and the
/// executed blocks above it whose writes have not completed — their undo sets turn the in-memory state back into
/// the durable one — and, while a block is being sealed, the undo set of its changes: they are already in the
/// in-memory state while its state root is computed, but the block is not executed-and-sealed yet.
/// </summary>
internal sealed record ChainView(Block Head, Hash256 StateRoot, IReadOnlyList<ExecutedBlock> Unpublished, StateChangeSet? Sealing = null)
{
    /// <summary>The newest executed block: the parent of the next proposal.</summary>
    public Block Tip => Unpublished.Count > 0 ? Unpublished[^1].Block : Head;
}
