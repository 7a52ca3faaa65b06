using System.Numerics;
using AgentChain.Core.Types;
using AgentChain.Evm.Precompiles.Bn254;

namespace AgentChain.Evm.Precompiles;

/// <summary>0x07 BN254 scalar multiplication (EIP-196), 6000 gas (EIP-1108). Input zero-padded to 96 bytes: point ‖ 256-bit scalar.</summary>
public sealed class Bn254MulPrecompile : IPrecompile
{
    public Address Address { get; } = PrecompileSet.AddressOf(7);

    public long GasCost(ReadOnlySpan<byte> input) => 6000;

    public PrecompileResult Run(ReadOnlySpan<byte> input)
    {
        Span<byte> data = stackalloc byte[Bn254Curve.G1Length + 32];
        PrecompileInput.Read(input, 0, data);
        if (!Bn254Curve.TryDecodeG1(data[..64], out var point, out var error)) return PrecompileResult.Fail(error!);

        var scalar = new BigInteger(data[64..], isUnsigned: true, isBigEndian: true);
        var output = new byte[Bn254Curve.G1Length];
        Bn254Curve.EncodeG1(point.Multiply(scalar), output);
        return PrecompileResult.Ok(output);
    }
}
