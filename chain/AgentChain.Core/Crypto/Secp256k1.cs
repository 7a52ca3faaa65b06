using AgentChain.Core.Types;

namespace AgentChain.Core.Crypto;

/// <summary>
/// The secp256k1 entry point the rest of the code base uses. The default backend is the native libsecp256k1 when
/// it loads, otherwise BouncyCastle, announced once on stderr because recovery is then tens of times slower.
/// Set <c>AGENTCHAIN_SECP256K1=managed</c> to force the managed backend (tests, benchmarks, comparing), or
/// <c>=native</c> to fail loudly instead of falling back.
/// </summary>
public static class Secp256k1
{
    /// <summary>The environment variable that selects a backend: "native", "managed", or unset for automatic.</summary>
    public const string BackendVariable = "AGENTCHAIN_SECP256K1";

    private static readonly Lazy<ISecp256k1Backend> DefaultBackend = new(SelectBackend);

    /// <summary>The backend every facade call uses (chosen on first use).</summary>
    public static ISecp256k1Backend Backend => DefaultBackend.Value;

    /// <summary>The native backend, or null when libsecp256k1 is not loadable here.</summary>
    public static ISecp256k1Backend? Native => Secp256k1NativeBackend.Instance;

    /// <summary>The BouncyCastle backend (always available).</summary>
    public static ISecp256k1Backend Managed => Secp256k1ManagedBackend.Instance;

    private static ISecp256k1Backend SelectBackend()
    {
        string? choice = Environment.GetEnvironmentVariable(BackendVariable)?.Trim().ToLowerInvariant();
        switch (choice)
        {
            case "managed":
                Console.Error.WriteLine($"secp256k1: {BackendVariable}=managed, using the managed BouncyCastle backend (much slower recovery)");
                return Managed;
            case "native":
                return Native ?? throw new InvalidOperationException(
                    $"{BackendVariable}=native but libsecp256k1 could not be loaded ({Secp256k1NativeBackend.LoadFailure}); install the libsecp256k1-1 package");
            case null or "" or "auto":
                if (Native is { } native) return native;
                Console.Error.WriteLine(
                    $"secp256k1: native libsecp256k1 not found ({Secp256k1NativeBackend.LoadFailure}); using the managed BouncyCastle fallback, " +
                    "whose signature recovery is much slower. Install libsecp256k1-1 for full speed.");
                return Managed;
            default:
                throw new InvalidOperationException($"{BackendVariable}='{choice}' is not a secp256k1 backend; use native, managed or leave it unset");
        }
    }

    public static bool IsValidPrivateKey(ReadOnlySpan<byte> privateKey32) => Backend.IsValidPrivateKey(privateKey32);

    /// <summary>The 64-byte uncompressed public key (X‖Y) of a private key.</summary>
    public static byte[] PublicKeyFromPrivate(ReadOnlySpan<byte> privateKey32)
    {
        var publicKey = new byte[64];
        Backend.PublicKeyFromPrivate(privateKey32, publicKey);
        return publicKey;
    }

    /// <summary>The Ethereum address controlled by a private key.</summary>
    public static Address AddressFromPrivateKey(ReadOnlySpan<byte> privateKey32)
    {
        Span<byte> publicKey = stackalloc byte[64];
        Backend.PublicKeyFromPrivate(privateKey32, publicKey);
        return Address.FromPublicKey(publicKey);
    }

    /// <summary>Deterministic (RFC 6979), low-s signature of a 32-byte hash.</summary>
    public static Secp256k1Signature Sign(ReadOnlySpan<byte> privateKey32, in Hash256 hash) => Backend.Sign(privateKey32, hash.Bytes);

    /// <summary>The 64-byte public key that produced the signature.</summary>
    public static byte[] RecoverPublicKey(in Hash256 hash, in Secp256k1Signature signature)
    {
        var publicKey = new byte[64];
        Backend.Recover(hash.Bytes, signature, publicKey);
        return publicKey;
    }

    /// <summary>The address that produced the signature (no heap allocation with the native backend).</summary>
    public static Address RecoverAddress(in Hash256 hash, in Secp256k1Signature signature) => Backend.RecoverAddress(hash.Bytes, signature);

    /// <summary>True when the signature (any s) was made by the key; see <see cref="ISecp256k1Backend.Verify"/>.</summary>
    public static bool Verify(in Hash256 hash, in Secp256k1Signature signature, ReadOnlySpan<byte> publicKey64) =>
        Backend.Verify(hash.Bytes, signature, publicKey64);
}
