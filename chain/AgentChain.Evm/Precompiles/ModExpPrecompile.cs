using System.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Evm.Precompiles;

/// <summary>
/// 0x05 MODEXP (EIP-198) priced by EIP-2565. The three declared lengths are 256-bit words a caller controls,
/// so pricing works on them as numbers and never allocates by them: a huge length yields a huge (saturated)
/// price that the caller cannot pay, and the run is never reached. Modexp never fails on its own.
/// </summary>
public sealed class ModExpPrecompile : IPrecompile
{
    private const long MinimumGas = 200;
    private const int HeaderLength = 96;

    public Address Address { get; } = PrecompileSet.AddressOf(5);

    public long GasCost(ReadOnlySpan<byte> input)
    {
        var baseLength = ReadLength(input, 0);
        var exponentLength = ReadLength(input, 32);
        var modulusLength = ReadLength(input, 64);

        // EIP-2565: multiplication complexity = ceil(max(len(B), len(M)) / 8)^2.
        var words = (BigInteger.Max(baseLength, modulusLength) + 7) / 8;
        var complexity = words * words;
        var gas = complexity * IterationCount(input, baseLength, exponentLength) / 3;
        return gas > long.MaxValue ? long.MaxValue : Math.Max(MinimumGas, (long)gas);
    }

    public PrecompileResult Run(ReadOnlySpan<byte> input)
    {
        var baseLength = ReadLength(input, 0);
        var exponentLength = ReadLength(input, 32);
        var modulusLength = ReadLength(input, 64);
        if (modulusLength.IsZero) return PrecompileResult.Ok([]);
        // Unreachable when gas was charged first: lengths this large price far above any gas limit.
        if (baseLength > int.MaxValue || exponentLength > int.MaxValue || modulusLength > int.MaxValue)
            return PrecompileResult.Fail("modexp lengths exceed what any gas limit can pay for");

        var modulus = ReadNumber(input, HeaderLength + (ulong)baseLength + (ulong)exponentLength, (int)modulusLength);
        var output = new byte[(int)modulusLength];
        if (modulus.IsZero) return PrecompileResult.Ok(output);

        var @base = ReadNumber(input, HeaderLength, (int)baseLength);
        var exponent = ReadNumber(input, HeaderLength + (ulong)baseLength, (int)exponentLength);
        var result = BigInteger.ModPow(@base, exponent, modulus);
        var byteCount = result.GetByteCount(isUnsigned: true);
        result.TryWriteBytes(output.AsSpan(output.Length - byteCount), out _, isUnsigned: true, isBigEndian: true);
        return PrecompileResult.Ok(output);
    }

    /// <summary>EIP-2565 iteration count: from the exponent's first 32 bytes plus 8 per byte beyond them, at least 1.</summary>
    private static BigInteger IterationCount(ReadOnlySpan<byte> input, BigInteger baseLength, BigInteger exponentLength)
    {
        var headLength = (int)BigInteger.Min(exponentLength, 32);
        Span<byte> head = stackalloc byte[headLength];
        var headOffset = HeaderLength + baseLength;
        if (headOffset <= ulong.MaxValue) PrecompileInput.Read(input, (ulong)headOffset, head);
        else head.Clear();
        var headBits = (long)new BigInteger(head, isUnsigned: true, isBigEndian: true).GetBitLength();

        BigInteger count = exponentLength <= 32
            ? Math.Max(headBits - 1, 0)
            : 8 * (exponentLength - 32) + Math.Max(headBits - 1, 0);
        return BigInteger.Max(count, BigInteger.One);
    }

    private static BigInteger ReadLength(ReadOnlySpan<byte> input, ulong offset)
    {
        Span<byte> word = stackalloc byte[32];
        PrecompileInput.Read(input, offset, word);
        return new BigInteger(word, isUnsigned: true, isBigEndian: true);
    }

    private static BigInteger ReadNumber(ReadOnlySpan<byte> input, ulong offset, int length)
    {
        if (length == 0) return BigInteger.Zero;
        var bytes = new byte[length];
        PrecompileInput.Read(input, offset, bytes);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }
}
