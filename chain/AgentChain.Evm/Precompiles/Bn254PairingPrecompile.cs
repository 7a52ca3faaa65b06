using AgentChain.Core.Types;
using AgentChain.Evm.Precompiles.Bn254;

namespace AgentChain.Evm.Precompiles;

/// <summary>
/// 0x08 BN254 pairing check (EIP-197), 45000 + 34000·k gas (EIP-1108). Input is k pairs of G1 (64 bytes) ‖ G2
/// (128 bytes); a length not a multiple of 192 or any invalid point (including a G2 point outside the order-r
/// subgroup) fails. Output is the 32-byte word 1 when the product of pairings is 1, else 0; empty input gives 1.
/// </summary>
public sealed class Bn254PairingPrecompile : IPrecompile
{
    private const int PairLength = Bn254Curve.G1Length + Bn254Curve.G2Length;

    public Address Address { get; } = PrecompileSet.AddressOf(8);

    public long GasCost(ReadOnlySpan<byte> input) => 45000 + 34000L * (input.Length / PairLength);

    public PrecompileResult Run(ReadOnlySpan<byte> input)
    {
        if (input.Length % PairLength != 0)
            return PrecompileResult.Fail($"bn254 pairing input must be a multiple of {PairLength} bytes, got {input.Length}");

        var pairs = new List<(JacobianPoint<Fp>, JacobianPoint<Fp2>)>(input.Length / PairLength);
        for (var offset = 0; offset < input.Length; offset += PairLength)
        {
            var pair = input.Slice(offset, PairLength);
            if (!Bn254Curve.TryDecodeG1(pair[..Bn254Curve.G1Length], out var p, out var error)
                || !Bn254Curve.TryDecodeG2(pair[Bn254Curve.G1Length..], out var q, out error))
                return PrecompileResult.Fail(error!);
            pairs.Add((p, q));
        }

        var output = new byte[32];
        if (Bn254Pairing.ProductIsOne(pairs)) output[31] = 1;
        return PrecompileResult.Ok(output);
    }
}
