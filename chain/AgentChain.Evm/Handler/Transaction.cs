using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Evm.Handler;

/// <summary>One entry of an EIP-2930 access list.</summary>
public sealed record AccessListEntry(Address Address, UInt256[] StorageKeys);

/// <summary>
/// A transaction as execution needs it (already recovered sender, no signature). Legacy and EIP-2930
/// transactions carry <see cref="GasPrice"/>; EIP-1559 and EIP-4844 ones the fee caps. Numbers that the wire
/// format allows to be oversized are UInt256 so validation, not parsing, rejects them.
/// </summary>
public sealed record Transaction
{
    public byte Type { get; init; }
    public required Address Sender { get; init; }
    public Address? To { get; init; }
    public UInt256 Nonce { get; init; }
    public UInt256 GasLimit { get; init; }
    public UInt256 Value { get; init; }
    public byte[] Data { get; init; } = [];
    public UInt256 GasPrice { get; init; }
    public UInt256 MaxFeePerGas { get; init; }
    public UInt256 MaxPriorityFeePerGas { get; init; }
    public AccessListEntry[] AccessList { get; init; } = [];
    public Hash256[] BlobVersionedHashes { get; init; } = [];
    public UInt256 MaxFeePerBlobGas { get; init; }

    public bool IsCreate => To is null;
    public bool HasFeeCaps => Type >= 2;

    /// <summary>The fee cap per gas: max fee for EIP-1559/4844, the gas price otherwise.</summary>
    public UInt256 FeeCap => HasFeeCaps ? MaxFeePerGas : GasPrice;

    public ulong BlobGas => (ulong)BlobVersionedHashes.Length * GasCosts.BlobGasPerBlob;
}
