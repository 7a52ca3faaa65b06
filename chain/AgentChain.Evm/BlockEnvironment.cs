using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Evm;

/// <summary>The block a transaction executes in: what COINBASE, NUMBER, BASEFEE, BLOBBASEFEE, ... read.</summary>
public sealed class BlockEnvironment
{
    public required Address Coinbase { get; init; }
    public required ulong Number { get; init; }
    public required ulong Timestamp { get; init; }
    public required ulong GasLimit { get; init; }
    public required UInt256 BaseFee { get; init; }
    public required UInt256 PrevRandao { get; init; }
    public ulong ExcessBlobGas { get; init; }
    public UInt256 ChainId { get; init; } = 1;

    /// <summary>Hash of an ancestor block (BLOCKHASH asks only for the 256 before <see cref="Number"/>).</summary>
    public Func<ulong, Hash256> BlockHash { get; init; } = _ => Hash256.Zero;

    /// <summary>EIP-4844 blob base fee: fake_exponential(1, excess_blob_gas, 3338477).</summary>
    public UInt256 BlobBaseFee => GasCosts.FakeExponential(1, ExcessBlobGas, GasCosts.BlobBaseFeeUpdateFraction);
}
