using AgentChain.Core.Types;
using AgentChain.Evm.Precompiles.Bn254;

namespace AgentChain.Evm.Precompiles;

/// <summary>0x06 BN254 point addition (EIP-196), 150 gas (EIP-1108). Input zero-padded to 128 bytes; an invalid point fails.</summary>
public sealed class Bn254AddPrecompile : IPrecompile
{
    public Address Address { get; } = PrecompileSet.AddressOf(6);

    public long GasCost(ReadOnlySpan<byte> input) => 150;

    public PrecompileResult Run(ReadOnlySpan<byte> input)
    {
        Span<byte> data = stackalloc byte[2 * Bn254Curve.G1Length];
        PrecompileInput.Read(input, 0, data);
        if (!Bn254Curve.TryDecodeG1(data[..64], out var a, out var error)
            || !Bn254Curve.TryDecodeG1(data[64..], out var b, out error))
            return PrecompileResult.Fail(error!);

        var output = new byte[Bn254Curve.G1Length];
        Bn254Curve.EncodeG1(a.Add(b), output);
        return PrecompileResult.Ok(output);
    }
}
