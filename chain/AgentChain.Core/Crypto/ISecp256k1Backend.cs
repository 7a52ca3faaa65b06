using AgentChain.Core.Types;

namespace AgentChain.Core.Crypto;

/// <summary>
/// One implementation of the secp256k1 operations Ethereum needs. Implementations are thread-safe and
/// deterministic: signing is RFC 6979 (HMAC-SHA256) with low s, so every backend produces the same bytes for
/// the same key and hash. Malformed input throws <see cref="SignatureException"/>, never returns a wrong value.
/// Public keys are the 64-byte uncompressed X‖Y form (no 0x04 prefix), as Ethereum hashes them.
/// </summary>
public interface ISecp256k1Backend
{
    /// <summary>"native (libsecp256k1)" or "managed (BouncyCastle)", for logs and benchmarks.</summary>
    string Name { get; }

    /// <summary>True when the 32 bytes are a private key: a scalar in [1, n−1].</summary>
    bool IsValidPrivateKey(ReadOnlySpan<byte> privateKey32);

    /// <summary>Writes the 64-byte public key of a private key.</summary>
    void PublicKeyFromPrivate(ReadOnlySpan<byte> privateKey32, Span<byte> publicKey64);

    /// <summary>Signs a 32-byte hash deterministically (RFC 6979); s is always ≤ n/2 and the recovery id is 0..3.</summary>
    Secp256k1Signature Sign(ReadOnlySpan<byte> privateKey32, ReadOnlySpan<byte> hash32);

    /// <summary>
    /// Recovers the signer's 64-byte public key (SEC 1 §4.1.6). High s is accepted, as the ecrecover precompile
    /// requires; callers that need EIP-2's low-s rule check <see cref="Secp256k1Signature.IsLowS"/> themselves.
    /// </summary>
    void Recover(ReadOnlySpan<byte> hash32, in Secp256k1Signature signature, Span<byte> publicKey64);

    /// <summary>
    /// Verifies an ECDSA signature (the recovery id is ignored; high s is accepted). False when the signature does
    /// not match; <see cref="SignatureException"/> when an input is malformed (r/s out of range, key not on the curve).
    /// </summary>
    bool Verify(ReadOnlySpan<byte> hash32, in Secp256k1Signature signature, ReadOnlySpan<byte> publicKey64);

    /// <summary>The signer's address. Allocates nothing with the native backend.</summary>
    Address RecoverAddress(ReadOnlySpan<byte> hash32, in Secp256k1Signature signature)
    {
        Span<byte> publicKey = stackalloc byte[64];
        Recover(hash32, signature, publicKey);
        return Address.FromPublicKey(publicKey);
    }
}
