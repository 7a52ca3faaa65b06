using AgentChain.Core.Types;

namespace AgentChain.Execution;

/// <summary>
/// What executing a block produced: one receipt per transaction (in block order), the block's gas used and logs
/// bloom, and the state changes to commit. <see cref="StateRoot"/> is set when the executor was given an
/// <see cref="IStateRootCalculator"/>; otherwise the caller computes it after committing <see cref="Changes"/>.
/// <see cref="Statistics"/> says how the block was run (parallel executors fill it in; never part of consensus).
/// </summary>
public sealed record BlockResult(
    IReadOnlyList<TransactionReceipt> Receipts,
    long GasUsed,
    LogsBloom Bloom,
    StateDiff Changes,
    Hash256? StateRoot,
    ExecutionStatistics Statistics);
