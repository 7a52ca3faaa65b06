using AgentChain.Core.Types;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace AgentChain.Governance.Harness;

/// <summary>
/// A P-256 (secp256r1) key for the TEE proof modes: the dev-TEE platform key and agents' attested keys. Signatures
/// are over a 32-byte hash, returned as (r, s) words as P256VERIFY (EIP-7951) takes them. Signing is deterministic
/// (RFC 6979 nonces), so proofs, calldata and therefore gas reproduce exactly.
/// </summary>
public sealed class P256KeyPair
{
    private static readonly X9ECParameters Curve = NistNamedCurves.GetByName("P-256");
    private static readonly ECDomainParameters Domain = new(Curve.Curve, Curve.G, Curve.N, Curve.H);
    private readonly ECPrivateKeyParameters _private;

    /// <summary>A deterministic key derived from <paramref name="seed"/> so runs reproduce.</summary>
    public P256KeyPair(string seed)
    {
        byte[] digest = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("AgentChain.P256KeyPair:" + seed));
        BigInteger d = new BigInteger(1, digest).Mod(Curve.N.Subtract(BigInteger.One)).Add(BigInteger.One);
        _private = new ECPrivateKeyParameters(d, Domain);
        ECPoint q = Domain.G.Multiply(d).Normalize();
        X = new Hash256(q.AffineXCoord.GetEncoded());
        Y = new Hash256(q.AffineYCoord.GetEncoded());
    }

    public Hash256 X { get; }
    public Hash256 Y { get; }

    /// <summary>Signs <paramref name="hash"/> as given (no further hashing).</summary>
    public (Hash256 R, Hash256 S) SignHash(ReadOnlySpan<byte> hash)
    {
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, _private);
        BigInteger[] rs = signer.GenerateSignature(hash.ToArray());
        return (Word(rs[0]), Word(rs[1]));
    }

    private static Hash256 Word(BigInteger value)
    {
        byte[] bytes = value.ToByteArrayUnsigned();
        var word = new byte[32];
        bytes.CopyTo(word, 32 - bytes.Length);
        return new Hash256(word);
    }
}
