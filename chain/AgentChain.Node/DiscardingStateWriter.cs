using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.State;

namespace AgentChain.Node;

/// <summary>Where eth_call and eth_estimateGas commit: nowhere.</summary>
internal sealed class DiscardingStateWriter : IStateWriter
{
    public static readonly DiscardingStateWriter Instance = new();
    public void SetAccount(in Address address, ulong nonce, in UInt256 balance, in Hash256 codeHash, byte[]? code) { }
    public void DeleteAccount(in Address address) { }
    public void ClearStorage(in Address address) { }
    public void SetStorage(in Address address, in UInt256 slot, in UInt256 value) { }
}
