namespace AgentChain.Core.Crypto;

/// <summary>Argument checks both backends share, so that both reject the same inputs with the same messages.</summary>
internal static class Secp256k1Checks
{
    public static void Hash(ReadOnlySpan<byte> hash32)
    {
        if (hash32.Length != 32)
            throw new SignatureException($"the message hash must be 32 bytes, got {hash32.Length}");
    }

    public static void PrivateKeyLength(ReadOnlySpan<byte> privateKey32)
    {
        if (privateKey32.Length != 32)
            throw new SignatureException($"a private key is 32 bytes, got {privateKey32.Length}");
    }

    public static SignatureException InvalidPrivateKey() =>
        new("invalid private key: it must be a number in [1, n−1] (it is zero or not below the curve order n)");

    public static void PublicKeyLength(ReadOnlySpan<byte> publicKey64)
    {
        if (publicKey64.Length != 64)
            throw new SignatureException($"a public key is 64 bytes (uncompressed X‖Y without the 0x04 prefix), got {publicKey64.Length}");
    }

    public static void PublicKeyDestination(Span<byte> publicKey64)
    {
        if (publicKey64.Length < 64)
            throw new ArgumentException($"the public key destination needs 64 bytes, got {publicKey64.Length}", nameof(publicKey64));
    }

    public static SignatureException PublicKeyNotOnCurve() =>
        new("invalid public key: X‖Y is not a point on secp256k1");

    public static SignatureException NotRecoverable() =>
        new("no public key can be recovered from this signature and hash (r is not the x coordinate of a curve point for this recovery id)");
}
