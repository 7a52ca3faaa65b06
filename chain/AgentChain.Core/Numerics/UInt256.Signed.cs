using System.Runtime.CompilerServices;

namespace AgentChain.Core.Numerics;

// Two's complement views of the word: EVM SDIV, SMOD, SIGNEXTEND, SAR, SLT, SGT.
// A word x stands for x when bit 255 is clear and for x - 2^256 when it is set.
public readonly partial struct UInt256
{
    private const ulong SignBit = 1UL << 63;

    /// <summary>True when bit 255 is set, i.e. the word is negative read as two's complement.</summary>
    public bool IsNegative
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (long)U3 < 0;
    }

    /// <summary>
    /// EVM SDIV: signed division truncated toward zero; 0 when b is 0. Divides magnitudes and negates the
    /// quotient when the signs differ. The one overflowing case needs no branch: for a = -2^255, b = -1 the
    /// magnitude of a is 2^256 - 2^255 = 2^255 (its own negation), |b| = 1, the signs agree, so the result is
    /// the word 2^255, which reads as -2^255: exactly what the Yellow Paper prescribes.
    /// </summary>
    public static void SignedDivide(in UInt256 a, in UInt256 b, out UInt256 res)
    {
        bool aNegative = a.IsNegative, bNegative = b.IsNegative;
        UInt256 x = aNegative ? Negate(a) : a;
        UInt256 y = bNegative ? Negate(b) : b;
        DivRem(in x, in y, out UInt256 q, out _);
        res = aNegative != bNegative ? Negate(q) : q;
    }

    /// <summary>EVM SDIV: signed division truncated toward zero; 0 when b is 0; -2^255 / -1 = -2^255.</summary>
    public static UInt256 SignedDivide(UInt256 a, UInt256 b)
    {
        SignedDivide(in a, in b, out UInt256 res);
        return res;
    }

    /// <summary>
    /// EVM SMOD: the remainder of truncated signed division, which takes the dividend's sign; 0 when b is 0.
    /// |a| mod |b|, negated when a is negative.
    /// </summary>
    public static void SignedModulo(in UInt256 a, in UInt256 b, out UInt256 res)
    {
        bool aNegative = a.IsNegative;
        UInt256 x = aNegative ? Negate(a) : a;
        UInt256 y = b.IsNegative ? Negate(b) : b;
        DivRem(in x, in y, out _, out UInt256 r);
        res = aNegative ? Negate(r) : r;
    }

    /// <summary>EVM SMOD: remainder with the dividend's sign; 0 when b is 0.</summary>
    public static UInt256 SignedModulo(UInt256 a, UInt256 b)
    {
        SignedModulo(in a, in b, out UInt256 res);
        return res;
    }

    /// <summary>
    /// EVM SIGNEXTEND(b, x): treats x as a (b+1)-byte two's complement number and extends its sign to 256 bits.
    /// The Yellow Paper, counting bits from the most significant end, sets t = 256 - 8(b+1) and copies bit t to
    /// every more significant bit. Counted from the least significant end that is sign bit s = 8b + 7: the result
    /// keeps bits 0..s and fills bits s+1..255 with bit s. For b ≥ 31, s ≥ 255 and nothing is above it, so x is
    /// unchanged.
    /// </summary>
    public static void SignExtend(in UInt256 byteIndex, in UInt256 value, out UInt256 res)
    {
        if ((byteIndex.U1 | byteIndex.U2 | byteIndex.U3) != 0 || byteIndex.U0 >= 31)
        {
            res = value;
            return;
        }
        int signBit = (int)byteIndex.U0 * 8 + 7;
        int limbIndex = signBit >> 6, bitInLimb = signBit & 63;
        ulong u0 = value.U0, u1 = value.U1, u2 = value.U2, u3 = value.U3;
        ulong limb = limbIndex switch { 0 => u0, 1 => u1, 2 => u2, _ => u3 };
        ulong fill = 0UL - ((limb >> bitInLimb) & 1);
        // Bits 0..bitInLimb of the sign limb survive; 2 << 63 wraps to 0, so bitInLimb = 63 keeps the whole limb.
        ulong keep = (2UL << bitInLimb) - 1;
        ulong extended = (limb & keep) | (fill & ~keep);
        res = limbIndex switch
        {
            0 => new UInt256(extended, fill, fill, fill),
            1 => new UInt256(u0, extended, fill, fill),
            2 => new UInt256(u0, u1, extended, fill),
            _ => new UInt256(u0, u1, u2, extended),
        };
    }

    /// <summary>EVM SIGNEXTEND: sign-extends the low (byteIndex+1) bytes of value; byteIndex ≥ 31 leaves it unchanged.</summary>
    public static UInt256 SignExtend(UInt256 byteIndex, UInt256 value)
    {
        SignExtend(in byteIndex, in value, out UInt256 res);
        return res;
    }

    /// <summary>
    /// EVM SAR: arithmetic shift right, i.e. floor(x / 2^shift) with x signed. For x ≥ 0 that is the logical
    /// shift. For x &lt; 0, ~x = -x - 1 ≥ 0 and -1 - floor((-x - 1) / 2^s) = floor(x / 2^s), so SAR(x) = ~(~x &gt;&gt; s).
    /// Shifts of 256 or more leave only the sign: 0 or all ones (-1). A negative int shift is read as unsigned.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ArithmeticShiftRight(in UInt256 value, int shift, out UInt256 res)
    {
        if (!value.IsNegative)
        {
            ShiftRight(in value, shift, out res);
            return;
        }
        if ((uint)shift >= 256)
        {
            res = MaxValue;
            return;
        }
        Not(in value, out UInt256 inverted);
        ShiftRight(in inverted, shift, out UInt256 shifted);
        Not(in shifted, out res);
    }

    /// <summary>EVM SAR: arithmetic shift right; 256 or more gives 0 or all ones by sign.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ArithmeticShiftRight(in UInt256 value, in UInt256 shift, out UInt256 res)
    {
        int amount = (shift.U1 | shift.U2 | shift.U3) != 0 || shift.U0 >= 256 ? 256 : (int)shift.U0;
        ArithmeticShiftRight(in value, amount, out res);
    }

    /// <summary>EVM SAR: arithmetic shift right; 256 or more gives 0 or all ones by sign.</summary>
    public static UInt256 ArithmeticShiftRight(UInt256 value, int shift)
    {
        ArithmeticShiftRight(in value, shift, out UInt256 res);
        return res;
    }

    /// <summary>EVM SAR: arithmetic shift right; 256 or more gives 0 or all ones by sign.</summary>
    public static UInt256 ArithmeticShiftRight(UInt256 value, UInt256 shift)
    {
        ArithmeticShiftRight(in value, in shift, out UInt256 res);
        return res;
    }

    /// <summary>
    /// EVM SLT: a &lt; b as two's complement. Flipping bit 255 maps [-2^255, 2^255) onto [0, 2^256) in order,
    /// so the signed comparison is the unsigned one on the top limbs with their sign bits flipped.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool SignedLessThan(in UInt256 a, in UInt256 b)
    {
        ulong aTop = a.U3 ^ SignBit, bTop = b.U3 ^ SignBit;
        if (aTop != bTop) return aTop < bTop;
        if (a.U2 != b.U2) return a.U2 < b.U2;
        if (a.U1 != b.U1) return a.U1 < b.U1;
        return a.U0 < b.U0;
    }

    /// <summary>EVM SGT: a &gt; b as two's complement.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool SignedGreaterThan(in UInt256 a, in UInt256 b) => SignedLessThan(in b, in a);
}
