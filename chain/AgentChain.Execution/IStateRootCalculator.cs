using AgentChain.Core.Types;
using AgentChain.State;

namespace AgentChain.Execution;

/// <summary>Computes the state root the parent state would have after a block's <see cref="StateDiff"/> (the node's store does this with its trie).</summary>
public interface IStateRootCalculator
{
    Hash256 ComputeRoot(IStateReader parentState, StateDiff changes);
}
