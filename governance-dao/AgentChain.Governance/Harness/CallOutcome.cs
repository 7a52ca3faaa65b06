using AgentChain.Core.Abi;
using AgentChain.Evm;

namespace AgentChain.Governance.Harness;

/// <summary>The result of a read-only call: status, return (or revert) data, gas, and the decoded revert.</summary>
public sealed record CallOutcome(CallStatus Status, byte[] Output, long GasUsed, RevertReason? Revert)
{
    public bool Succeeded => Status == CallStatus.Success;
    public string? ErrorName => Revert?.Error?.Name;
}
