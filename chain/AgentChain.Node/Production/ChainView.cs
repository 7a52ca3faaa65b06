using AgentChain.Core.Types;
using AgentChain.Node.Chain;

namespace AgentChain.Node.Production;

/// <summary>
/// What readers may see, swapped as one immutable value so a reader never pairs one head with another head's state:
/// the newest durable block, the root of the durable state (the head's, or after later dev-method changes), and the
/// executed blocks above it whose writes have not completed — their undo sets turn the in-memory state back into
/// the durable one.
/// </summary>
internal sealed record ChainView(Block Head, Hash256 StateRoot, IReadOnlyList<ExecutedBlock> Unpublished)
{
    /// <summary>The newest executed block: the parent of the next proposal.</summary>
    public Block Tip => Unpublished.Count > 0 ? Unpublished[^1].Block : Head;
}
