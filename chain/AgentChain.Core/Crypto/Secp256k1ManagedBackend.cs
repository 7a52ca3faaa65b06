using AgentChain.Core.Numerics;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Math.EC.Multiplier;
using Org.BouncyCastle.Utilities;

namespace AgentChain.Core.Crypto;

/// <summary>
/// secp256k1 on BouncyCastle, for machines without libsecp256k1. Produces exactly the native backend's
/// signatures: RFC 6979 nonces (HMAC-SHA256), s normalised to ≤ n/2 with the recovery id's parity bit flipped
/// to match, as libsecp256k1 does. Uses BouncyCastle's custom secp256k1 curve (GLV endomorphism), which is still
/// tens of times slower than the native library at recovery.
/// </summary>
public sealed class Secp256k1ManagedBackend : ISecp256k1Backend
{
    private static readonly X9ECParameters CurveParameters = CustomNamedCurves.GetByName("secp256k1");
    private static readonly ECDomainParameters Domain =
        new(CurveParameters.Curve, CurveParameters.G, CurveParameters.N, CurveParameters.H, CurveParameters.GetSeed());
    private static readonly BigInteger N = CurveParameters.N;
    private static readonly BigInteger HalfN = N.ShiftRight(1);
    private static readonly BigInteger P = CurveParameters.Curve.Field.Characteristic;
    private static readonly FixedPointCombMultiplier BaseMultiplier = new();

    public static readonly Secp256k1ManagedBackend Instance = new();

    private Secp256k1ManagedBackend()
    {
    }

    public string Name => "managed (BouncyCastle)";

    public bool IsValidPrivateKey(ReadOnlySpan<byte> privateKey32) =>
        privateKey32.Length == 32 && IsScalarInRange(new BigInteger(1, privateKey32.ToArray()));

    public void PublicKeyFromPrivate(ReadOnlySpan<byte> privateKey32, Span<byte> publicKey64)
    {
        Secp256k1Checks.PublicKeyDestination(publicKey64);
        BigInteger d = ReadPrivateKey(privateKey32);
        WritePoint(BaseMultiplier.Multiply(Domain.G, d).Normalize(), publicKey64);
    }

    public Secp256k1Signature Sign(ReadOnlySpan<byte> privateKey32, ReadOnlySpan<byte> hash32)
    {
        BigInteger d = ReadPrivateKey(privateKey32);
        Secp256k1Checks.Hash(hash32);
        byte[] hash = hash32.ToArray();
        BigInteger e = new(1, hash);
        var nonces = new HMacDsaKCalculator(new Sha256Digest());
        nonces.Init(N, d, hash);
        // RFC 6979 §3.2 step h: draw the next candidate k until r and s are both non-zero (libsecp256k1 does the same).
        while (true)
        {
            BigInteger k = nonces.NextK();
            ECPoint point = BaseMultiplier.Multiply(Domain.G, k).Normalize();
            BigInteger x = point.AffineXCoord.ToBigInteger();
            BigInteger r = x.Mod(N);
            if (r.SignValue == 0) continue;
            BigInteger s = k.ModInverse(N).Multiply(e.Add(d.Multiply(r))).Mod(N);
            if (s.SignValue == 0) continue;
            int recoveryId = (point.AffineYCoord.TestBitZero() ? 1 : 0) | (x.CompareTo(N) >= 0 ? 2 : 0);
            if (s.CompareTo(HalfN) > 0)
            {
                // (r, n − s) is the signature of the point −R, whose y has the opposite parity.
                s = N.Subtract(s);
                recoveryId ^= 1;
            }
            return new Secp256k1Signature(ToUInt256(r), ToUInt256(s), recoveryId);
        }
    }

    public void Recover(ReadOnlySpan<byte> hash32, in Secp256k1Signature signature, Span<byte> publicKey64)
    {
        Secp256k1Checks.Hash(hash32);
        Secp256k1Checks.PublicKeyDestination(publicKey64);
        signature.EnsureValid();
        BigInteger r = ToBigInteger(signature.R);
        BigInteger s = ToBigInteger(signature.S);

        // SEC 1 §4.1.6: R's x is r + j·n for j = recoveryId >> 1; it must be a field element.
        BigInteger x = (signature.RecoveryId & 2) != 0 ? r.Add(N) : r;
        if (x.CompareTo(P) >= 0) throw Secp256k1Checks.NotRecoverable();
        ECPoint bigR;
        try
        {
            Span<byte> compressed = stackalloc byte[33];
            compressed[0] = (byte)(0x02 | (signature.RecoveryId & 1));
            BigIntegers.AsUnsignedByteArray(32, x).CopyTo(compressed[1..]);
            bigR = Domain.Curve.DecodePoint(compressed.ToArray());
        }
        catch (ArgumentException)
        {
            throw Secp256k1Checks.NotRecoverable();
        }

        // Q = r⁻¹ (s·R − e·G), computed as one double-scalar multiplication.
        BigInteger e = new(1, hash32.ToArray());
        BigInteger rInverse = r.ModInverse(N);
        BigInteger u1 = e.Negate().Multiply(rInverse).Mod(N);
        BigInteger u2 = s.Multiply(rInverse).Mod(N);
        ECPoint q = ECAlgorithms.SumOfTwoMultiplies(Domain.G, u1, bigR, u2).Normalize();
        if (q.IsInfinity) throw Secp256k1Checks.NotRecoverable();
        WritePoint(q, publicKey64);
    }

    public bool Verify(ReadOnlySpan<byte> hash32, in Secp256k1Signature signature, ReadOnlySpan<byte> publicKey64)
    {
        Secp256k1Checks.Hash(hash32);
        Secp256k1Checks.PublicKeyLength(publicKey64);
        signature.EnsureValidRS();
        ECPoint q = ReadPublicKey(publicKey64);
        var verifier = new ECDsaSigner();
        verifier.Init(false, new ECPublicKeyParameters(q, Domain));
        return verifier.VerifySignature(hash32.ToArray(), ToBigInteger(signature.R), ToBigInteger(signature.S));
    }

    private static bool IsScalarInRange(BigInteger value) => value.SignValue > 0 && value.CompareTo(N) < 0;

    private static BigInteger ReadPrivateKey(ReadOnlySpan<byte> privateKey32)
    {
        Secp256k1Checks.PrivateKeyLength(privateKey32);
        BigInteger d = new(1, privateKey32.ToArray());
        if (!IsScalarInRange(d)) throw Secp256k1Checks.InvalidPrivateKey();
        return d;
    }

    private static ECPoint ReadPublicKey(ReadOnlySpan<byte> publicKey64)
    {
        var encoded = new byte[65];
        encoded[0] = 0x04;
        publicKey64.CopyTo(encoded.AsSpan(1));
        try
        {
            // DecodePoint rejects coordinates ≥ p and points that do not satisfy the curve equation.
            return Domain.Curve.DecodePoint(encoded);
        }
        catch (ArgumentException)
        {
            throw Secp256k1Checks.PublicKeyNotOnCurve();
        }
    }

    private static void WritePoint(ECPoint normalized, Span<byte> publicKey64)
    {
        normalized.AffineXCoord.GetEncoded().CopyTo(publicKey64);
        normalized.AffineYCoord.GetEncoded().CopyTo(publicKey64[32..]);
    }

    private static BigInteger ToBigInteger(UInt256 value) => new(1, value.ToBigEndian());

    private static UInt256 ToUInt256(BigInteger value) => UInt256.FromBigEndian(BigIntegers.AsUnsignedByteArray(32, value));
}
