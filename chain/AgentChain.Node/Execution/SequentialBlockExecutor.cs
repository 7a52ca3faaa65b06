using AgentChain.Evm;
using AgentChain.Evm.Handler;
using AgentChain.Evm.Precompiles;
using AgentChain.State;

namespace AgentChain.Node.Execution;

/// <summary>One transaction after another on one journaled world state: the reference schedule.</summary>
public sealed class SequentialBlockExecutor(PrecompileSet precompiles) : IBlockExecutor
{
    private readonly TransactionProcessor _processor = new(precompiles);

    public IReadOnlyList<TransactionOutcome> Execute(BlockEnvironment block, IReadOnlyList<Transaction> transactions, IStateReader state, IStateWriter writer)
    {
        var outcomes = new TransactionOutcome[transactions.Count];
        var world = new WorldState(state);
        for (int i = 0; i < transactions.Count; i++) outcomes[i] = _processor.Execute(world, writer, block, transactions[i]);
        return outcomes;
    }
}
