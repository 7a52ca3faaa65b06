using AgentChain.Core.Numerics;

namespace AgentChain.Core.Crypto;

/// <summary>
/// A recoverable secp256k1 ECDSA signature: (r, s) and the recovery id that selects which of the (up to
/// four) candidate public keys signed. Plain data: construction does not validate, so a decoder can carry
/// whatever it read to the place that decides; <see cref="EnsureValid"/> (called by every backend) does.
/// Recovery id bit 0 is the parity of R's y coordinate, bit 1 says R's x was r + n (astronomically rare).
/// </summary>
public readonly struct Secp256k1Signature : IEquatable<Secp256k1Signature>
{
    /// <summary>n, the order of the secp256k1 group (SEC 2 §2.4.1).</summary>
    public static readonly UInt256 CurveOrder = new(0xBFD25E8CD0364141, 0xBAAEDCE6AF48A03B, 0xFFFFFFFFFFFFFFFE, 0xFFFFFFFFFFFFFFFF);

    /// <summary>⌊n / 2⌋: EIP-2 (and libsecp256k1) accept only s ≤ this in new signatures ("low s").</summary>
    public static readonly UInt256 HalfCurveOrder = new(0xDFE92F46681B20A0, 0x5D576E7357A4501D, 0xFFFFFFFFFFFFFFFF, 0x7FFFFFFFFFFFFFFF);

    public UInt256 R { get; }
    public UInt256 S { get; }

    /// <summary>0..3 when valid. Ethereum's v is 27 + this (legacy) or this itself (typed transactions).</summary>
    public int RecoveryId { get; }

    public Secp256k1Signature(UInt256 r, UInt256 s, int recoveryId)
    {
        R = r;
        S = s;
        RecoveryId = recoveryId;
    }

    /// <summary>True when s ≤ n/2 (EIP-2's rule for transaction signatures).</summary>
    public bool IsLowS => S <= HalfCurveOrder;

    /// <summary>True when r and s are in [1, n−1] and the recovery id is 0..3.</summary>
    public bool IsValid => !R.IsZero && !S.IsZero && R < CurveOrder && S < CurveOrder && (uint)RecoveryId <= 3;

    /// <summary>Throws <see cref="SignatureException"/> naming the first thing wrong.</summary>
    public void EnsureValid()
    {
        EnsureValidRS();
        if ((uint)RecoveryId > 3)
            throw new SignatureException($"invalid recovery id {RecoveryId}: it must be 0, 1, 2 or 3");
    }

    /// <summary>Checks r and s only (verification does not use the recovery id).</summary>
    public void EnsureValidRS()
    {
        if (R.IsZero) throw new SignatureException("invalid signature: r is zero");
        if (S.IsZero) throw new SignatureException("invalid signature: s is zero");
        if (R >= CurveOrder) throw new SignatureException("invalid signature: r is not below the curve order n");
        if (S >= CurveOrder) throw new SignatureException("invalid signature: s is not below the curve order n");
    }

    /// <summary>Reads the 64-byte compact form r‖s (big-endian) with a separate recovery id.</summary>
    public static Secp256k1Signature FromCompact(ReadOnlySpan<byte> compact64, int recoveryId)
    {
        if (compact64.Length != 64)
            throw new SignatureException($"a compact signature is 64 bytes (r‖s), got {compact64.Length}");
        return new Secp256k1Signature(UInt256.FromBigEndian(compact64[..32]), UInt256.FromBigEndian(compact64[32..]), recoveryId);
    }

    /// <summary>
    /// Reads the 65-byte r‖s‖v form wallets and eth_sign use; v may be the raw recovery id (0..3) or 27 + it.
    /// </summary>
    public static Secp256k1Signature FromRsv(ReadOnlySpan<byte> rsv65)
    {
        if (rsv65.Length != 65)
            throw new SignatureException($"an r‖s‖v signature is 65 bytes, got {rsv65.Length}");
        int v = rsv65[64];
        int recoveryId = v >= 27 ? v - 27 : v;
        if ((uint)recoveryId > 3)
            throw new SignatureException($"invalid v {v}: expected 0..3 or 27..30");
        return FromCompact(rsv65[..64], recoveryId);
    }

    /// <summary>Writes r‖s (64 bytes, big-endian).</summary>
    public void WriteCompact(Span<byte> destination64)
    {
        if (destination64.Length < 64)
            throw new ArgumentException("a compact signature needs 64 bytes", nameof(destination64));
        R.WriteBigEndian(destination64);
        S.WriteBigEndian(destination64[32..]);
    }

    /// <summary>r‖s‖v with v = 27 + recovery id (the eth_sign / personal_sign convention).</summary>
    public byte[] ToRsv()
    {
        var bytes = new byte[65];
        WriteCompact(bytes);
        bytes[64] = (byte)(27 + RecoveryId);
        return bytes;
    }

    public bool Equals(Secp256k1Signature other) => R == other.R && S == other.S && RecoveryId == other.RecoveryId;
    public override bool Equals(object? obj) => obj is Secp256k1Signature other && Equals(other);
    public override int GetHashCode() => HashCode.Combine(R, S, RecoveryId);
    public static bool operator ==(Secp256k1Signature a, Secp256k1Signature b) => a.Equals(b);
    public static bool operator !=(Secp256k1Signature a, Secp256k1Signature b) => !a.Equals(b);

    public override string ToString() => $"(r={R.ToHexQuantity()}, s={S.ToHexQuantity()}, recoveryId={RecoveryId})";
}
