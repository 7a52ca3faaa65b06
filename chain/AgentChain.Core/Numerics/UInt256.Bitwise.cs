using System.Numerics;
using System.Runtime.CompilerServices;

namespace AgentChain.Core.Numerics;

// Bitwise operations: EVM AND, OR, XOR, NOT, BYTE, SHL, SHR.
public readonly partial struct UInt256
{
    /// <summary>Number of leading zero bits (256 for zero).</summary>
    public int CountLeadingZeros
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => 256 - BitLength;
    }

    /// <summary>Bitwise AND (EVM AND).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void And(in UInt256 a, in UInt256 b, out UInt256 res) =>
        res = new UInt256(a.U0 & b.U0, a.U1 & b.U1, a.U2 & b.U2, a.U3 & b.U3);

    /// <summary>Bitwise AND (EVM AND).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt256 And(UInt256 a, UInt256 b) => new(a.U0 & b.U0, a.U1 & b.U1, a.U2 & b.U2, a.U3 & b.U3);

    /// <summary>Bitwise OR (EVM OR).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Or(in UInt256 a, in UInt256 b, out UInt256 res) =>
        res = new UInt256(a.U0 | b.U0, a.U1 | b.U1, a.U2 | b.U2, a.U3 | b.U3);

    /// <summary>Bitwise OR (EVM OR).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt256 Or(UInt256 a, UInt256 b) => new(a.U0 | b.U0, a.U1 | b.U1, a.U2 | b.U2, a.U3 | b.U3);

    /// <summary>Bitwise XOR (EVM XOR).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Xor(in UInt256 a, in UInt256 b, out UInt256 res) =>
        res = new UInt256(a.U0 ^ b.U0, a.U1 ^ b.U1, a.U2 ^ b.U2, a.U3 ^ b.U3);

    /// <summary>Bitwise XOR (EVM XOR).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt256 Xor(UInt256 a, UInt256 b) => new(a.U0 ^ b.U0, a.U1 ^ b.U1, a.U2 ^ b.U2, a.U3 ^ b.U3);

    /// <summary>Bitwise complement (EVM NOT).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Not(in UInt256 a, out UInt256 res) => res = new UInt256(~a.U0, ~a.U1, ~a.U2, ~a.U3);

    /// <summary>Bitwise complement (EVM NOT).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt256 Not(UInt256 a) => new(~a.U0, ~a.U1, ~a.U2, ~a.U3);

    /// <summary>
    /// EVM BYTE: the byte at <paramref name="index"/> counted from the most significant end (index 0 is bits
    /// 255..248); 0 when index ≥ 32.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Byte(in UInt256 index, in UInt256 value, out UInt256 res)
    {
        if ((index.U1 | index.U2 | index.U3) != 0 || index.U0 >= 32)
        {
            res = default;
            return;
        }
        // Big-endian byte i is little-endian byte 31 - i: limb (31 - i) / 8, byte (31 - i) % 8 within it.
        int fromLow = 31 - (int)index.U0;
        ulong limb = (fromLow >> 3) switch { 0 => value.U0, 1 => value.U1, 2 => value.U2, _ => value.U3 };
        res = new UInt256((limb >> ((fromLow & 7) * 8)) & 0xFF);
    }

    /// <summary>EVM BYTE: byte <paramref name="index"/> from the most significant end; 0 when index ≥ 32.</summary>
    public static UInt256 Byte(UInt256 index, UInt256 value)
    {
        Byte(in index, in value, out UInt256 res);
        return res;
    }

    /// <summary>
    /// value &lt;&lt; shift, zero once shift ≥ 256 (EVM SHL). A negative shift is read as unsigned, so it too gives zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ShiftLeft(in UInt256 value, int shift, out UInt256 res)
    {
        if ((uint)shift >= 256)
        {
            res = default;
            return;
        }
        ulong a0 = value.U0, a1 = value.U1, a2 = value.U2, a3 = value.U3;
        ulong r0, r1, r2, r3;
        switch (shift >> 6)
        {
            case 0: r0 = a0; r1 = a1; r2 = a2; r3 = a3; break;
            case 1: r0 = 0; r1 = a0; r2 = a1; r3 = a2; break;
            case 2: r0 = 0; r1 = 0; r2 = a0; r3 = a1; break;
            default: r0 = 0; r1 = 0; r2 = 0; r3 = a0; break;
        }
        int bits = shift & 63;
        if (bits != 0)
        {
            int back = 64 - bits;
            r3 = (r3 << bits) | (r2 >> back);
            r2 = (r2 << bits) | (r1 >> back);
            r1 = (r1 << bits) | (r0 >> back);
            r0 <<= bits;
        }
        res = new UInt256(r0, r1, r2, r3);
    }

    /// <summary>value &lt;&lt; shift, zero once shift ≥ 256 (EVM SHL).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ShiftLeft(in UInt256 value, in UInt256 shift, out UInt256 res)
    {
        if ((shift.U1 | shift.U2 | shift.U3) != 0 || shift.U0 >= 256)
            res = default;
        else
            ShiftLeft(in value, (int)shift.U0, out res);
    }

    /// <summary>value &lt;&lt; shift, zero once shift ≥ 256 (EVM SHL).</summary>
    public static UInt256 ShiftLeft(UInt256 value, int shift)
    {
        ShiftLeft(in value, shift, out UInt256 res);
        return res;
    }

    /// <summary>value &lt;&lt; shift, zero once shift ≥ 256 (EVM SHL).</summary>
    public static UInt256 ShiftLeft(UInt256 value, UInt256 shift)
    {
        ShiftLeft(in value, in shift, out UInt256 res);
        return res;
    }

    /// <summary>
    /// Logical value &gt;&gt; shift, zero once shift ≥ 256 (EVM SHR). A negative shift is read as unsigned, so it too gives zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ShiftRight(in UInt256 value, int shift, out UInt256 res)
    {
        if ((uint)shift >= 256)
        {
            res = default;
            return;
        }
        ulong a0 = value.U0, a1 = value.U1, a2 = value.U2, a3 = value.U3;
        ulong r0, r1, r2, r3;
        switch (shift >> 6)
        {
            case 0: r0 = a0; r1 = a1; r2 = a2; r3 = a3; break;
            case 1: r0 = a1; r1 = a2; r2 = a3; r3 = 0; break;
            case 2: r0 = a2; r1 = a3; r2 = 0; r3 = 0; break;
            default: r0 = a3; r1 = 0; r2 = 0; r3 = 0; break;
        }
        int bits = shift & 63;
        if (bits != 0)
        {
            int back = 64 - bits;
            r0 = (r0 >> bits) | (r1 << back);
            r1 = (r1 >> bits) | (r2 << back);
            r2 = (r2 >> bits) | (r3 << back);
            r3 >>= bits;
        }
        res = new UInt256(r0, r1, r2, r3);
    }

    /// <summary>Logical value &gt;&gt; shift, zero once shift ≥ 256 (EVM SHR).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ShiftRight(in UInt256 value, in UInt256 shift, out UInt256 res)
    {
        if ((shift.U1 | shift.U2 | shift.U3) != 0 || shift.U0 >= 256)
            res = default;
        else
            ShiftRight(in value, (int)shift.U0, out res);
    }

    /// <summary>Logical value &gt;&gt; shift, zero once shift ≥ 256 (EVM SHR).</summary>
    public static UInt256 ShiftRight(UInt256 value, int shift)
    {
        ShiftRight(in value, shift, out UInt256 res);
        return res;
    }

    /// <summary>Logical value &gt;&gt; shift, zero once shift ≥ 256 (EVM SHR).</summary>
    public static UInt256 ShiftRight(UInt256 value, UInt256 shift)
    {
        ShiftRight(in value, in shift, out UInt256 res);
        return res;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt256 operator &(UInt256 a, UInt256 b) => And(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt256 operator |(UInt256 a, UInt256 b) => Or(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt256 operator ^(UInt256 a, UInt256 b) => Xor(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt256 operator ~(UInt256 a) => Not(a);

    /// <summary>Shift left; unlike C# integers the count is not masked: shifts of 256 or more (or negative) give zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt256 operator <<(UInt256 value, int shift)
    {
        ShiftLeft(in value, shift, out UInt256 res);
        return res;
    }

    /// <summary>Logical shift right; unlike C# integers the count is not masked: shifts of 256 or more (or negative) give zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt256 operator >>(UInt256 value, int shift)
    {
        ShiftRight(in value, shift, out UInt256 res);
        return res;
    }
}
