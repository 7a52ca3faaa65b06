using AgentChain.Evm;
using AgentChain.State;
using SignedTransaction = AgentChain.Core.Transactions.Transaction;

namespace AgentChain.Execution;

/// <summary>
/// Executes the transactions of one block, in order, on top of the parent block's committed state. The parent
/// state is only read; the block's effects come back as <see cref="BlockResult.Changes"/> for the caller to
/// commit (<see cref="StateDiff.ApplyTo"/>). Every implementation returns the same result for the same input:
/// <see cref="SequentialBlockExecutor"/> defines it, <see cref="ParallelBlockExecutor"/> reproduces it.
/// </summary>
public interface IBlockExecutor
{
    /// <summary>
    /// Runs <paramref name="transactions"/> (signed; senders are recovered here, once, or taken from the
    /// transaction's cache) in block <paramref name="block"/> over <paramref name="parentState"/>.
    /// A transaction that fails validation (bad signature, nonce, funds, ...) gets a receipt with
    /// <see cref="TransactionReceipt.Error"/> set and changes nothing; whether that makes the block invalid is the caller's rule.
    /// </summary>
    BlockResult Execute(BlockEnvironment block, IReadOnlyList<SignedTransaction> transactions, IStateReader parentState);
}
