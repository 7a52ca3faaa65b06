using AgentChain.Core.Types;
using Org.BouncyCastle.Crypto.Digests;

namespace AgentChain.Evm.Precompiles;

/// <summary>0x03 RIPEMD-160 (Yellow Paper appendix E): 600 gas + 120 per word; the 20-byte digest is left-padded to 32.</summary>
public sealed class Ripemd160Precompile : IPrecompile
{
    public Address Address { get; } = PrecompileSet.AddressOf(3);

    public long GasCost(ReadOnlySpan<byte> input) => 600 + 120 * PrecompileInput.WordCount(input.Length);

    public PrecompileResult Run(ReadOnlySpan<byte> input)
    {
        var digest = new RipeMD160Digest();
        // BouncyCastle takes arrays; the copy is bounded by the call's gas (120 per word).
        digest.BlockUpdate(input.ToArray(), 0, input.Length);
        var output = new byte[32];
        digest.DoFinal(output, 12);
        return PrecompileResult.Ok(output);
    }
}
