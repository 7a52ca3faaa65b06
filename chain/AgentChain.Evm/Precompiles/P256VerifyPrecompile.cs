using AgentChain.Core.Types;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Math.EC;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace AgentChain.Evm.Precompiles;

/// <summary>
/// 0x100 P256VERIFY (EIP-7951, the RIP-7212 interface): ECDSA over secp256r1. Input is exactly 160 bytes,
/// hash ‖ r ‖ s ‖ x ‖ y; output is the 32-byte word 1 when the signature verifies and EMPTY otherwise (wrong
/// length, r or s outside [1, n), coordinates ≥ p, point off the curve or at infinity, bad signature).
/// It never fails the call. AgentChain's agent contracts use it to check TEE quote signatures.
/// </summary>
public sealed class P256VerifyPrecompile : IPrecompile
{
    private const int InputLength = 160;
    private static readonly X9ECParameters Curve = SecNamedCurves.GetByName("secp256r1");

    public Address Address { get; } = PrecompileSet.AddressOf(0x100);

    public long GasCost(ReadOnlySpan<byte> input) => 6900;

    public PrecompileResult Run(ReadOnlySpan<byte> input)
    {
        if (input.Length != InputLength || !Verifies(input)) return PrecompileResult.Ok([]);
        var output = new byte[32];
        output[31] = 1;
        return PrecompileResult.Ok(output);
    }

    private static bool Verifies(ReadOnlySpan<byte> input)
    {
        var n = Curve.N;
        var p = Curve.Curve.Field.Characteristic;
        var e = Number(input[..32]);
        var r = Number(input[32..64]);
        var s = Number(input[64..96]);
        var x = Number(input[96..128]);
        var y = Number(input[128..160]);
        if (r.SignValue == 0 || s.SignValue == 0 || r.CompareTo(n) >= 0 || s.CompareTo(n) >= 0) return false;
        if (x.CompareTo(p) >= 0 || y.CompareTo(p) >= 0) return false;

        // (0, 0) is not on y² = x³ − 3x + b, so the on-curve check also rejects the infinity encoding.
        var q = Curve.Curve.CreatePoint(x, y);
        if (!q.IsValid()) return false;

        // R' = (e·s⁻¹)·G + (r·s⁻¹)·Q; valid iff R' is finite and x(R') ≡ r (mod n).
        var sInverse = s.ModInverse(n);
        var point = ECAlgorithms.SumOfTwoMultiplies(Curve.G, e.Multiply(sInverse).Mod(n), q, r.Multiply(sInverse).Mod(n)).Normalize();
        if (point.IsInfinity) return false;
        return point.AffineXCoord.ToBigInteger().Mod(n).Equals(r);
    }

    private static BcBigInteger Number(ReadOnlySpan<byte> bytes) => new(1, bytes.ToArray());
}
