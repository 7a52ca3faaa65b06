using AgentChain.Core.Types;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace AgentChain.Attestation.Signed;

/// <summary>
/// A P-256 (secp256r1) key as the chain's P256VERIFY precompile (0x100, RIP-7212/EIP-7951) checks it: signatures are
/// over a 32-byte hash given as is, and come as (r, s) words; the public key as (x, y) words. Signing is deterministic
/// (RFC 6979 nonces), so evidence, calldata and therefore gas reproduce exactly.
/// </summary>
public sealed class P256SigningKey
{
    private static readonly X9ECParameters Curve = NistNamedCurves.GetByName("P-256");
    private static readonly ECDomainParameters Domain = new(Curve.Curve, Curve.G, Curve.N, Curve.H);
    private readonly ECPrivateKeyParameters _private;

    /// <param name="privateKey32">The scalar d, big-endian, 1 ≤ d &lt; n.</param>
    public P256SigningKey(ReadOnlySpan<byte> privateKey32)
    {
        if (privateKey32.Length != 32) throw new ArgumentException($"a P-256 private key has 32 bytes, not {privateKey32.Length}", nameof(privateKey32));
        var d = new BigInteger(1, privateKey32.ToArray());
        if (d.SignValue == 0 || d.CompareTo(Curve.N) >= 0) throw new ArgumentException("the P-256 private key must be in [1, n)", nameof(privateKey32));
        _private = new ECPrivateKeyParameters(d, Domain);
        ECPoint q = Domain.G.Multiply(d).Normalize();
        X = new Hash256(q.AffineXCoord.GetEncoded());
        Y = new Hash256(q.AffineYCoord.GetEncoded());
    }

    /// <summary>A key derived from a text seed (SHA-256 of it, reduced into [1, n)): for dev and test keys that must reproduce.</summary>
    public static P256SigningKey FromSeed(string seed)
    {
        byte[] digest = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("AgentChain.P256KeyPair:" + seed));
        BigInteger d = new BigInteger(1, digest).Mod(Curve.N.Subtract(BigInteger.One)).Add(BigInteger.One);
        return new P256SigningKey(Word(d).Bytes);
    }

    public Hash256 X { get; }
    public Hash256 Y { get; }

    /// <summary>Signs <paramref name="hash"/> as given (no further hashing).</summary>
    public (Hash256 R, Hash256 S) SignHash(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != 32) throw new ArgumentException($"P256VERIFY takes a 32-byte hash, not {hash.Length} bytes", nameof(hash));
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, _private);
        BigInteger[] rs = signer.GenerateSignature(hash.ToArray());
        return (Word(rs[0]), Word(rs[1]));
    }

    /// <summary>
    /// What P256VERIFY answers for (hash, r, s, x, y): r and s in [1, n), (x, y) a point on the curve, and the ECDSA
    /// equation holding. Never throws for bad input.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> hash, Hash256 r, Hash256 s, Hash256 x, Hash256 y)
    {
        if (hash.Length != 32) return false;
        var rv = new BigInteger(1, r.ToArray());
        var sv = new BigInteger(1, s.ToArray());
        if (rv.SignValue == 0 || sv.SignValue == 0 || rv.CompareTo(Curve.N) >= 0 || sv.CompareTo(Curve.N) >= 0) return false;
        ECPoint q;
        try
        {
            q = Curve.Curve.ValidatePoint(new BigInteger(1, x.ToArray()), new BigInteger(1, y.ToArray()));
        }
        catch (ArgumentException)
        {
            return false; // not on the curve (or the point at infinity): P256VERIFY fails such keys too
        }
        var verifier = new ECDsaSigner();
        verifier.Init(false, new ECPublicKeyParameters(q, Domain));
        return verifier.VerifySignature(hash.ToArray(), rv, sv);
    }

    private static Hash256 Word(BigInteger value)
    {
        byte[] bytes = value.ToByteArrayUnsigned();
        var word = new byte[32];
        bytes.CopyTo(word, 32 - bytes.Length);
        return new Hash256(word);
    }
}
