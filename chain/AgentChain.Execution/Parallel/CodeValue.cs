using AgentChain.Core.Types;

namespace AgentChain.Execution.Parallel;

/// <summary>The value of a <see cref="StateKeyKind.Code"/> location: whether the account exists, and its code hash.</summary>
internal sealed record CodeValue(bool Exists, Hash256 CodeHash)
{
    public static readonly CodeValue Absent = new(false, Hash256.EmptyKeccak);
}
