using System.Security.Cryptography;
using AgentChain.Core.Types;

namespace AgentChain.Governance.Harness;

/// <summary>
/// A P-256 (secp256r1) key for the TEE proof modes: the dev-TEE platform key and agents' attested keys. Signatures
/// are over a 32-byte hash, returned as (r, s) words as P256VERIFY (EIP-7951) takes them.
/// </summary>
public sealed class P256KeyPair : IDisposable
{
    private readonly ECDsa _key;

    /// <summary>A deterministic key derived from <paramref name="seed"/> so runs reproduce.</summary>
    public P256KeyPair(string seed)
    {
        // Reduce a seed hash into [1, n-1]; n is the P-256 group order.
        var n = System.Numerics.BigInteger.Parse("0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", System.Globalization.NumberStyles.HexNumber);
        byte[] digest = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("AgentChain.P256KeyPair:" + seed));
        var d = new System.Numerics.BigInteger(digest, isUnsigned: true, isBigEndian: true) % (n - 1) + 1;
        byte[] dBytes = new byte[32];
        d.TryWriteBytes(dBytes.AsSpan(32 - d.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        _key = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = dBytes });
        ECParameters pub = _key.ExportParameters(false);
        X = new Hash256(pub.Q.X!);
        Y = new Hash256(pub.Q.Y!);
    }

    public Hash256 X { get; }
    public Hash256 Y { get; }

    /// <summary>Signs <paramref name="hash"/> as given (no further hashing).</summary>
    public (Hash256 R, Hash256 S) SignHash(ReadOnlySpan<byte> hash)
    {
        byte[] rs = _key.SignHash(hash.ToArray(), DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return (new Hash256(rs.AsSpan(0, 32)), new Hash256(rs.AsSpan(32, 32)));
    }

    public void Dispose() => _key.Dispose();
}
