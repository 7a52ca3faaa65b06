using AgentChain.Core.Abi;

namespace AgentChain.Agents.Transactions;

/// <summary>
/// Decodes revert data against every ABI involved in a call (the ControllableAgent, the target, the verifier), and
/// unwraps <c>InnerCallFailed(bytes reason)</c> so the target's own error is what gets reported.
/// </summary>
public sealed class RevertDecoder(IEnumerable<ContractAbi> abis)
{
    private readonly AbiError[] _errors = abis.SelectMany(a => a.Errors).DistinctBy(e => e.Selector).ToArray();

    public RevertReason Decode(byte[] data)
    {
        RevertReason reason;
        try
        {
            reason = RevertReason.Decode(data, _errors);
        }
        catch (AbiException)
        {
            return RevertReason.Decode(data);
        }
        if (reason.Error?.Name == "InnerCallFailed" && reason.Arguments.Count == 1 && reason.Arguments[0] is byte[] inner && inner.Length > 0)
        {
            RevertReason innerReason = Decode(inner);
            if (innerReason.Kind != RevertKind.Unrecognized) return innerReason;
        }
        return reason;
    }
}
