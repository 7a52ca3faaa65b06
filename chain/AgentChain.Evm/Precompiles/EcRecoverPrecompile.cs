using AgentChain.Core.Crypto;
using AgentChain.Core.Types;
using AgentChain.Core.Numerics;

namespace AgentChain.Evm.Precompiles;

/// <summary>
/// 0x01 ECRECOVER (Yellow Paper appendix E): input hash ‖ v ‖ r ‖ s (zero-padded/truncated to 128 bytes), 3000 gas.
/// v must be the 32-byte word 27 or 28; r and s in [1, n). Any invalid input or unrecoverable key returns
/// success with empty output — ecrecover never fails the call.
/// </summary>
public sealed class EcRecoverPrecompile : IPrecompile
{
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

    // Through Core's secp256k1 facade: native libsecp256k1 when present (~25–50 µs), BouncyCastle otherwise.
    // The facade accepts high s (as ecrecover must) and throws SignatureException for anything unrecoverable.
    private static bool TryRecover(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> rBytes, ReadOnlySpan<byte> sBytes, int recoveryId, Span<byte> publicKey)
    {
        var signature = new Secp256k1Signature(UInt256.FromBigEndian(rBytes), UInt256.FromBigEndian(sBytes), recoveryId);
        if (!signature.IsValid) return false; // r, s must be in [1, n)
        try
        {
            Secp256k1.Backend.Recover(hash, signature, publicKey);
            return true;
        }
        catch (SignatureException)
        {
            return false;
        }
    }
}
