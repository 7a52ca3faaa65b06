using System.Numerics;
using AgentChain.Core.Numerics;

namespace AgentChain.Core.Tests.Numerics;

/// <summary>
/// The EVM's word operations written straight from the Yellow Paper's definitions on unbounded integers
/// (System.Numerics.BigInteger): the oracle the fast limb code is checked against.
/// </summary>
internal static class UInt256Reference
{
    public static readonly BigInteger Modulus = BigInteger.One << 256;
    private static readonly BigInteger HalfModulus = BigInteger.One << 255;

    public static BigInteger Big(UInt256 value) => value.ToBigInteger();

    /// <summary>Reduces any integer, negative included, into [0, 2^256).</summary>
    public static UInt256 Wrap(BigInteger value)
    {
        BigInteger reduced = value % Modulus;
        if (reduced.Sign < 0) reduced += Modulus;
        return UInt256.FromBigInteger(reduced);
    }

    /// <summary>The two's complement reading: words at or above 2^255 stand for word - 2^256.</summary>
    public static BigInteger Signed(UInt256 value)
    {
        BigInteger big = Big(value);
        return big >= HalfModulus ? big - Modulus : big;
    }

    public static UInt256 Add(UInt256 a, UInt256 b) => Wrap(Big(a) + Big(b));
    public static UInt256 Subtract(UInt256 a, UInt256 b) => Wrap(Big(a) - Big(b));
    public static UInt256 Multiply(UInt256 a, UInt256 b) => Wrap(Big(a) * Big(b));
    public static UInt256 Divide(UInt256 a, UInt256 b) => b.IsZero ? UInt256.Zero : Wrap(Big(a) / Big(b));
    public static UInt256 Modulo(UInt256 a, UInt256 b) => b.IsZero ? UInt256.Zero : Wrap(Big(a) % Big(b));

    // BigInteger division truncates toward zero and its remainder takes the dividend's sign: exactly SDIV/SMOD.
    public static UInt256 SignedDivide(UInt256 a, UInt256 b) => b.IsZero ? UInt256.Zero : Wrap(Signed(a) / Signed(b));
    public static UInt256 SignedModulo(UInt256 a, UInt256 b) => b.IsZero ? UInt256.Zero : Wrap(Signed(a) % Signed(b));

    public static UInt256 AddMod(UInt256 a, UInt256 b, UInt256 m) => m.IsZero ? UInt256.Zero : Wrap((Big(a) + Big(b)) % Big(m));
    public static UInt256 MulMod(UInt256 a, UInt256 b, UInt256 m) => m.IsZero ? UInt256.Zero : Wrap(Big(a) * Big(b) % Big(m));
    public static UInt256 Exp(UInt256 b, UInt256 e) => Wrap(BigInteger.ModPow(Big(b), Big(e), Modulus));

    /// <summary>SIGNEXTEND from its definition: the low 8(b+1) bits read as a signed number of that width.</summary>
    public static UInt256 SignExtend(UInt256 b, UInt256 x)
    {
        if (Big(b) >= 31) return x;
        int width = 8 * ((int)(ulong)b + 1);
        BigInteger low = Big(x) & ((BigInteger.One << width) - 1);
        return low >= BigInteger.One << (width - 1) ? Wrap(low - (BigInteger.One << width)) : Wrap(low);
    }

    public static UInt256 Byte(UInt256 i, UInt256 x) =>
        Big(i) >= 32 ? UInt256.Zero : Wrap((Big(x) >> (8 * (31 - (int)(ulong)i))) & 0xFF);

    private static int ClampShift(BigInteger shift) => shift >= 256 ? 256 : (int)shift;

    public static UInt256 ShiftLeft(UInt256 x, BigInteger shift) => Wrap(Big(x) << ClampShift(shift));
    public static UInt256 ShiftRight(UInt256 x, BigInteger shift) => Wrap(Big(x) >> ClampShift(shift));

    // BigInteger's >> on a negative value rounds toward negative infinity: the arithmetic shift.
    public static UInt256 ArithmeticShiftRight(UInt256 x, BigInteger shift) => Wrap(Signed(x) >> ClampShift(shift));

    public static UInt256 And(UInt256 a, UInt256 b) => Wrap(Big(a) & Big(b));
    public static UInt256 Or(UInt256 a, UInt256 b) => Wrap(Big(a) | Big(b));
    public static UInt256 Xor(UInt256 a, UInt256 b) => Wrap(Big(a) ^ Big(b));
    public static UInt256 Not(UInt256 a) => Wrap(Modulus - 1 - Big(a));
    public static UInt256 Negate(UInt256 a) => Wrap(-Big(a));
}
