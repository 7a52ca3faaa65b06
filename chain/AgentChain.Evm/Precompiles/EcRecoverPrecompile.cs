using AgentChain.Core.Crypto;
using AgentChain.Core.Types;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Math.EC;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace AgentChain.Evm.Precompiles;

/// <summary>
/// 0x01 ECRECOVER (Yellow Paper appendix E): input hash ‖ v ‖ r ‖ s (zero-padded/truncated to 128 bytes), 3000 gas.
/// v must be the 32-byte word 27 or 28; r and s in [1, n). Any invalid input or unrecoverable key returns
/// success with empty output — ecrecover never fails the call.
/// </summary>
public sealed class EcRecoverPrecompile : IPrecompile
{
    private static readonly X9ECParameters Curve = SecNamedCurves.GetByName("secp256k1");

    public Address Address { get; } = PrecompileSet.AddressOf(1);

    public long GasCost(ReadOnlySpan<byte> input) => 3000;

    public PrecompileResult Run(ReadOnlySpan<byte> input)
    {
        Span<byte> data = stackalloc byte[128];
        PrecompileInput.Read(input, 0, data);

        var v = data[32..64];
        if (v[..31].IndexOfAnyExcept((byte)0) >= 0 || (v[31] != 27 && v[31] != 28)) return PrecompileResult.Ok([]);

        Span<byte> publicKey = stackalloc byte[64];
        if (!TryRecover(data[..32], data[64..96], data[96..128], v[31] - 27, publicKey)) return PrecompileResult.Ok([]);

        var output = new byte[32];
        Span<byte> hash = stackalloc byte[32];
        Keccak256.Hash(publicKey, hash);
        hash[12..].CopyTo(output.AsSpan(12));
        return PrecompileResult.Ok(output);
    }

    // TODO(secp256k1 facade): switch to AgentChain.Core's native libsecp256k1 recover once wt-secp lands on main;
    // BouncyCastle's recover is ~1.7 ms against ~25–50 µs native (ARCHITECTURE.md, dependencies).
    private static bool TryRecover(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> rBytes, ReadOnlySpan<byte> sBytes, int recoveryId, Span<byte> publicKey)
    {
        var n = Curve.N;
        var r = new BcBigInteger(1, rBytes.ToArray());
        var s = new BcBigInteger(1, sBytes.ToArray());
        if (r.SignValue == 0 || s.SignValue == 0 || r.CompareTo(n) >= 0 || s.CompareTo(n) >= 0) return false;

        // R is the point with x = r (r < n < p here, as v only encodes the y parity) and the given y parity.
        var compressed = new byte[33];
        compressed[0] = (byte)(0x02 + recoveryId);
        rBytes.CopyTo(compressed.AsSpan(1));
        ECPoint rPoint;
        try { rPoint = Curve.Curve.DecodePoint(compressed); }
        catch (ArgumentException) { return false; } // x^3 + 7 has no square root: no such point

        // Q = r⁻¹ (s·R − e·G)
        var e = new BcBigInteger(1, hash.ToArray());
        var rInverse = r.ModInverse(n);
        var q = ECAlgorithms.SumOfTwoMultiplies(Curve.G, e.Negate().Multiply(rInverse).Mod(n), rPoint, s.Multiply(rInverse).Mod(n)).Normalize();
        if (q.IsInfinity) return false;
        q.GetEncoded(false).AsSpan(1).CopyTo(publicKey);
        return true;
    }
}
