namespace AgentChain.Core.Crypto;

/// <summary>
/// A signature, key or hash given to secp256k1 was malformed or does not correspond to any key: r or s
/// out of [1, n−1], a recovery id outside 0..3, a wrong length, a private key that is zero or ≥ n, a public
/// key that is not on the curve, or a signature from which no public key can be recovered. Both backends
/// throw it for the same inputs, so callers (transaction validation, the ecrecover precompile) can treat
/// it as "invalid signature" without knowing which backend is in use.
/// </summary>
public sealed class SignatureException(string message) : Exception(message);
