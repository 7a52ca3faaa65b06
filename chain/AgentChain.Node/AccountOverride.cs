using AgentChain.Core.Numerics;

namespace AgentChain.Node;

/// <summary>One eth_call state override (geth's shape): replace balance, nonce, code, the whole storage, or some slots.</summary>
public sealed record AccountOverride
{
    public UInt256? Balance { get; init; }
    public ulong? Nonce { get; init; }
    public byte[]? Code { get; init; }
    /// <summary>Replaces all storage ("state").</summary>
    public Dictionary<UInt256, UInt256>? State { get; init; }
    /// <summary>Replaces some slots ("stateDiff").</summary>
    public Dictionary<UInt256, UInt256>? StateDiff { get; init; }
}
