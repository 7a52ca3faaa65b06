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
    // The executing thread (large stack for nested calls) is kept between blocks, as the parallel executor's workers are.
    private readonly BlockWorkerPool _worker = new(1);

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
        ExecuteRange(block, prepared, 0, overlay, receipts);
        StateDiff diff = overlay.ToDiff();
        return new BlockResult(receipts.Receipts, receipts.GasUsed, receipts.Bloom, diff, _stateRoot?.ComputeRoot(parentState, diff),
            ExecutionStatistics.Sequential(prepared.Length, receipts.GasUsed, fallbackReason));
    }

    /// <summary>
    /// Runs transactions <paramref name="start"/>.. in order on <paramref name="overlay"/>, which must hold the effects of
    /// those before it (the parallel executor finishes a block here from its committed prefix), adding their receipts.
    /// </summary>
    internal void ExecuteRange(BlockEnvironment block, PreparedTransaction[] prepared, int start, BlockOverlay overlay, ReceiptBuilder receipts)
    {
        _worker.Run(_ =>
        {
            // One world state for the block: each commit clears it, and its dictionaries and journal keep their
            // capacity (the parallel executor reuses one per worker the same way, so the two compare like for like).
            var state = new WorldState(overlay);
            for (int i = start; i < prepared.Length; i++)
            {
                PreparedTransaction tx = prepared[i];
                if (tx.Execution is null)
                {
                    receipts.AddRejected(tx, tx.Error!);
                    continue;
                }
                TransactionOutcome outcome = _processor.Execute(state, overlay, block, tx.Execution);
                // A rejected transaction returns before its commit: what its validation loaded would go stale.
                if (!outcome.IsValid) state = new WorldState(overlay);
                receipts.Add(tx, outcome);
            }
        });
    }
}
