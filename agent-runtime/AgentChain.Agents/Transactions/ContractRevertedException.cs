using AgentChain.Core.Abi;

namespace AgentChain.Agents.Transactions;

/// <summary>
/// The chain refused a call: the contract reverted (in eth_estimateGas before sending, or on chain). <see cref="Reason"/>
/// is the decoded custom error (e.g. <c>ValueAboveCap(value=…, cap=…)</c>); such failures are never retried.
/// </summary>
public sealed class ContractRevertedException(string what, RevertReason reason, Core.Types.Hash256? transactionHash = null)
    : Exception($"{what} reverted: {reason.Message}")
{
    public RevertReason Reason { get; } = reason;

    /// <summary>The custom error's name (e.g. "ValueAboveCap"), or null when the revert carried none we know.</summary>
    public string? ErrorName => Reason.Kind == RevertKind.CustomError ? Reason.Error?.Name : null;

    /// <summary>Set when the revert happened on chain (the transaction was mined and failed).</summary>
    public Core.Types.Hash256? TransactionHash { get; } = transactionHash;
}
