using AgentChain.Core.Types;
using AgentChain.State;

namespace AgentChain.Execution;

/// <summary>
/// The receipt of one transaction (EIP-658 status form): success flag, gas used by the block up to and including
/// it, its own gas, logs and their bloom. <see cref="Error"/> is set (and nothing else is meaningful) when the
/// transaction was rejected before execution.
/// </summary>
public sealed record TransactionReceipt(
    Hash256 TransactionHash,
    Address Sender,
    bool Success,
    long GasUsed,
    long CumulativeGasUsed,
    IReadOnlyList<LogEntry> Logs,
    LogsBloom Bloom,
    Address? ContractAddress,
    string? Error)
{
    public bool IsRejected => Error is not null;
}
