using System.Numerics;

namespace AgentChain.Evm.Precompiles.Bn254;

/// <summary>
/// BN254 (alt_bn128) as EIP-196/197 encode it: G1 on y² = x³ + 3 over Fp, G2 on the twist y² = x³ + 3/ξ over
/// Fp2, both of order r. Coordinates are 32-byte big-endian and must be below p; (0, 0) encodes infinity; an Fp2
/// coordinate is written imaginary part first. Decoding validates fully (range, curve, and for G2 the subgroup,
/// since the twist has a large cofactor).
/// </summary>
internal static class Bn254Curve
{
    public static readonly BigInteger Order =
        BigInteger.Parse("21888242871839275222246405745257275088548364400416034343698204186575808495617");

    public static readonly Fp B = Fp.FromSmall(3);
    public static readonly Fp2 TwistB = new Fp2(B, Fp.Zero) * Fp2.Xi.Inverse();

    public const int G1Length = 64;
    public const int G2Length = 128;

    public static bool TryDecodeG1(ReadOnlySpan<byte> encoded, out JacobianPoint<Fp> point, out string? error)
    {
        point = JacobianPoint<Fp>.Infinity;
        if (!TryReadCoordinate(encoded[..32], out var x) || !TryReadCoordinate(encoded[32..64], out var y))
        {
            error = "bn254: G1 coordinate is not below the field modulus";
            return false;
        }
        error = null;
        if (x.IsZero && y.IsZero) return true;
        if (y.Square() != x.Square() * x + B)
        {
            error = "bn254: G1 point is not on the curve";
            return false;
        }
        point = JacobianPoint<Fp>.FromAffine(x, y);
        return true;
    }

    public static bool TryDecodeG2(ReadOnlySpan<byte> encoded, out JacobianPoint<Fp2> point, out string? error)
    {
        point = JacobianPoint<Fp2>.Infinity;
        if (!TryReadCoordinate(encoded[..32], out var xImaginary) || !TryReadCoordinate(encoded[32..64], out var xReal)
            || !TryReadCoordinate(encoded[64..96], out var yImaginary) || !TryReadCoordinate(encoded[96..128], out var yReal))
        {
            error = "bn254: G2 coordinate is not below the field modulus";
            return false;
        }
        error = null;
        var x = new Fp2(xReal, xImaginary);
        var y = new Fp2(yReal, yImaginary);
        if (x.IsZero && y.IsZero) return true;
        if (y.Square() != x.Square() * x + TwistB)
        {
            error = "bn254: G2 point is not on the twist curve";
            return false;
        }
        var candidate = JacobianPoint<Fp2>.FromAffine(x, y);
        if (!candidate.Multiply(Order).IsInfinity)
        {
            error = "bn254: G2 point is not in the order-r subgroup";
            return false;
        }
        point = candidate;
        return true;
    }

    public static void EncodeG1(JacobianPoint<Fp> point, Span<byte> destination)
    {
        destination[..G1Length].Clear();
        if (point.IsInfinity) return;
        var (x, y) = point.ToAffine();
        WriteCoordinate(x, destination[..32]);
        WriteCoordinate(y, destination[32..64]);
    }

    private static bool TryReadCoordinate(ReadOnlySpan<byte> word, out Fp value)
    {
        var number = new BigInteger(word, isUnsigned: true, isBigEndian: true);
        value = number < Fp.Modulus ? Fp.FromCanonical(number) : Fp.Zero;
        return number < Fp.Modulus;
    }

    private static void WriteCoordinate(Fp value, Span<byte> word)
    {
        var count = value.Value.GetByteCount(isUnsigned: true);
        value.Value.TryWriteBytes(word[(32 - count)..], out _, isUnsigned: true, isBigEndian: true);
    }
}
