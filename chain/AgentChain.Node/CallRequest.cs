using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Node;

/// <summary>An eth_call / eth_estimateGas transaction object; absent fields take the node's defaults.</summary>
public sealed record CallRequest
{
    public Address? From { get; init; }
    public Address? To { get; init; }
    public ulong? Gas { get; init; }
    public UInt256? GasPrice { get; init; }
    public UInt256? MaxFeePerGas { get; init; }
    public UInt256? MaxPriorityFeePerGas { get; init; }
    public UInt256 Value { get; init; }
    public byte[] Data { get; init; } = [];
    public ulong? Nonce { get; init; }
}
