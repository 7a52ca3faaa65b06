using AgentChain.Evm;
using AgentChain.Evm.Handler;
using AgentChain.Evm.Precompiles;
using AgentChain.State;
using SignedTransaction = AgentChain.Core.Transactions.Transaction;

namespace AgentChain.Execution;

/// <summary>
/// The reference executor: transactions one after another, each on a fresh <see cref="WorldState"/> over the
/// block's overlay, committed before the next starts. Defines what every other executor must reproduce.
/// </summary>
public sealed class SequentialBlockExecutor : IBlockExecutor
{
    private readonly TransactionProcessor _processor;
    private readonly IStateRootCalculator? _stateRoot;
    private readonly int _recoveryThreads;

    public SequentialBlockExecutor(PrecompileSet? precompiles = null, IStateRootCalculator? stateRoot = null, int recoveryThreads = 0)
    {
        _processor = new TransactionProcessor(precompiles ?? PrecompileSet.AgentChain);
        _stateRoot = stateRoot;
        _recoveryThreads = recoveryThreads > 0 ? recoveryThreads : Environment.ProcessorCount;
    }

    public BlockResult Execute(BlockEnvironment block, IReadOnlyList<SignedTransaction> transactions, IStateReader parentState)
    {
        PreparedTransaction[] prepared = SenderRecovery.Prepare(transactions, _recoveryThreads);
        return ExecutePrepared(block, prepared, parentState, null);
    }

    internal BlockResult ExecutePrepared(BlockEnvironment block, PreparedTransaction[] prepared, IStateReader parentState, string? fallbackReason)
    {
        var overlay = new BlockOverlay(parentState);
        var receipts = new ReceiptBuilder();
        LargeStackThreads.Run(1, _ =>
        {
            foreach (PreparedTransaction tx in prepared)
            {
                if (tx.Execution is null)
                {
                    receipts.AddRejected(tx, tx.Error!);
                    continue;
                }
                receipts.Add(tx, _processor.Execute(new WorldState(overlay), overlay, block, tx.Execution));
            }
        });
        StateDiff diff = overlay.ToDiff();
        return new BlockResult(receipts.Receipts, receipts.GasUsed, receipts.Bloom, diff, _stateRoot?.ComputeRoot(parentState, diff),
            ExecutionStatistics.Sequential(prepared.Length, receipts.GasUsed, fallbackReason));
    }
}
