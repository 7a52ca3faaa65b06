using AgentChain.Evm;
using AgentChain.Evm.Handler;
using AgentChain.State;

namespace AgentChain.Node.Execution;

/// <summary>
/// Runs a block's transactions in order against committed state, writing each effect to <c>writer</c> (which the
/// state reader then sees). The node's seam for the sequential and Block-STM executors: results are identical,
/// only the schedule differs. A transaction the protocol rejects gets an outcome with an error and no effect.
/// </summary>
public interface IBlockExecutor
{
    IReadOnlyList<TransactionOutcome> Execute(BlockEnvironment block, IReadOnlyList<Transaction> transactions, IStateReader state, IStateWriter writer);
}
