using System.Runtime.CompilerServices;

namespace AgentChain.Core.Numerics;

// Ring arithmetic modulo 2^256 (EVM ADD, SUB, MUL, EXP) and the checked variants balance code uses.
//
// Every `out` overload reads all of its inputs into locals before it writes the result, so a caller may pass
// the same variable as an input and as the output (the interpreter writes into the top stack slot in place).
public readonly partial struct UInt256
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong AddWithCarry(ulong x, ulong y, ref ulong carry)
    {
        ulong sum = x + y;
        ulong carryOut = sum < x ? 1UL : 0UL;
        ulong total = sum + carry;
        carryOut |= total < sum ? 1UL : 0UL;
        carry = carryOut;
        return total;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SubtractWithBorrow(ulong x, ulong y, ref ulong borrow)
    {
        ulong difference = x - y;
        ulong borrowOut = x < y ? 1UL : 0UL;
        ulong total = difference - borrow;
        borrowOut |= difference < borrow ? 1UL : 0UL;
        borrow = borrowOut;
        return total;
    }

    /// <summary>x*y + addend + carryIn as a 128-bit value (it cannot overflow: (2^64-1)^2 + 2(2^64-1) = 2^128-1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MultiplyAdd(ulong x, ulong y, ulong addend, ulong carryIn, out ulong low)
    {
        ulong high = Math.BigMul(x, y, out ulong lo);
        lo += addend;
        high += lo < addend ? 1UL : 0UL;
        lo += carryIn;
        high += lo < carryIn ? 1UL : 0UL;
        low = lo;
        return high;
    }

    /// <summary>a + b modulo 2^256 (EVM ADD).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(in UInt256 a, in UInt256 b, out UInt256 res) => AddOverflow(in a, in b, out res);

    /// <summary>a + b modulo 2^256 (EVM ADD).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt256 Add(UInt256 a, UInt256 b)
    {
        Add(in a, in b, out UInt256 res);
        return res;
    }

    /// <summary>a + b modulo 2^256; returns true when the true sum did not fit (for balance arithmetic).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AddOverflow(in UInt256 a, in UInt256 b, out UInt256 res)
    {
        ulong carry = 0;
        ulong r0 = AddWithCarry(a.U0, b.U0, ref carry);
        ulong r1 = AddWithCarry(a.U1, b.U1, ref carry);
        ulong r2 = AddWithCarry(a.U2, b.U2, ref carry);
        ulong r3 = AddWithCarry(a.U3, b.U3, ref carry);
        res = new UInt256(r0, r1, r2, r3);
        return carry != 0;
    }

    /// <summary>a - b modulo 2^256 (EVM SUB).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Subtract(in UInt256 a, in UInt256 b, out UInt256 res) => SubtractUnderflow(in a, in b, out res);

    /// <summary>a - b modulo 2^256 (EVM SUB).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt256 Subtract(UInt256 a, UInt256 b)
    {
        Subtract(in a, in b, out UInt256 res);
        return res;
    }

    /// <summary>a - b modulo 2^256; returns true when b &gt; a (the subtraction wrapped).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool SubtractUnderflow(in UInt256 a, in UInt256 b, out UInt256 res)
    {
        ulong borrow = 0;
        ulong r0 = SubtractWithBorrow(a.U0, b.U0, ref borrow);
        ulong r1 = SubtractWithBorrow(a.U1, b.U1, ref borrow);
        ulong r2 = SubtractWithBorrow(a.U2, b.U2, ref borrow);
        ulong r3 = SubtractWithBorrow(a.U3, b.U3, ref borrow);
        res = new UInt256(r0, r1, r2, r3);
        return borrow != 0;
    }

    /// <summary>Two's complement negation: 2^256 - a (0 stays 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Negate(in UInt256 a, out UInt256 res)
    {
        UInt256 zero = default;
        Subtract(in zero, in a, out res);
    }

    /// <summary>Two's complement negation: 2^256 - a (0 stays 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt256 Negate(UInt256 a)
    {
        Negate(in a, out UInt256 res);
        return res;
    }

    /// <summary>a * b modulo 2^256 (EVM MUL): schoolbook, only the partial products below 2^256.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Multiply(in UInt256 a, in UInt256 b, out UInt256 res)
    {
        ulong a0 = a.U0, a1 = a.U1, a2 = a.U2, a3 = a.U3;
        ulong b0 = b.U0, b1 = b.U1, b2 = b.U2, b3 = b.U3;

        ulong carry = MultiplyAdd(a0, b0, 0, 0, out ulong r0);
        carry = MultiplyAdd(a0, b1, 0, carry, out ulong r1);
        carry = MultiplyAdd(a0, b2, 0, carry, out ulong r2);
        ulong r3 = a0 * b3 + carry;

        carry = MultiplyAdd(a1, b0, r1, 0, out r1);
        carry = MultiplyAdd(a1, b1, r2, carry, out r2);
        r3 += a1 * b2 + carry;

        carry = MultiplyAdd(a2, b0, r2, 0, out r2);
        r3 += a2 * b1 + carry;

        r3 += a3 * b0;
        res = new UInt256(r0, r1, r2, r3);
    }

    /// <summary>a * b modulo 2^256 (EVM MUL).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt256 Multiply(UInt256 a, UInt256 b)
    {
        Multiply(in a, in b, out UInt256 res);
        return res;
    }

    /// <summary>a * b modulo 2^256; returns true when the true product does not fit in 256 bits.</summary>
    public static bool MultiplyOverflow(in UInt256 a, in UInt256 b, out UInt256 res)
    {
        MultiplyFull(in a, in b, out UInt512Limbs product);
        res = new UInt256(product.L0, product.L1, product.L2, product.L3);
        return (product.L4 | product.L5 | product.L6 | product.L7) != 0;
    }

    /// <summary>The full 512-bit product, eight limbs least significant first.</summary>
    private struct UInt512Limbs
    {
        public ulong L0, L1, L2, L3, L4, L5, L6, L7;
    }

    private static void MultiplyFull(in UInt256 a, in UInt256 b, out UInt512Limbs p)
    {
        ulong a0 = a.U0, a1 = a.U1, a2 = a.U2, a3 = a.U3;
        ulong b0 = b.U0, b1 = b.U1, b2 = b.U2, b3 = b.U3;

        ulong c = MultiplyAdd(a0, b0, 0, 0, out ulong p0);
        c = MultiplyAdd(a0, b1, 0, c, out ulong p1);
        c = MultiplyAdd(a0, b2, 0, c, out ulong p2);
        ulong p4 = MultiplyAdd(a0, b3, 0, c, out ulong p3);

        c = MultiplyAdd(a1, b0, p1, 0, out p1);
        c = MultiplyAdd(a1, b1, p2, c, out p2);
        c = MultiplyAdd(a1, b2, p3, c, out p3);
        ulong p5 = MultiplyAdd(a1, b3, p4, c, out p4);

        c = MultiplyAdd(a2, b0, p2, 0, out p2);
        c = MultiplyAdd(a2, b1, p3, c, out p3);
        c = MultiplyAdd(a2, b2, p4, c, out p4);
        ulong p6 = MultiplyAdd(a2, b3, p5, c, out p5);

        c = MultiplyAdd(a3, b0, p3, 0, out p3);
        c = MultiplyAdd(a3, b1, p4, c, out p4);
        c = MultiplyAdd(a3, b2, p5, c, out p5);
        ulong p7 = MultiplyAdd(a3, b3, p6, c, out p6);

        p.L0 = p0; p.L1 = p1; p.L2 = p2; p.L3 = p3;
        p.L4 = p4; p.L5 = p5; p.L6 = p6; p.L7 = p7;
    }

    /// <summary>
    /// base^exponent modulo 2^256 (EVM EXP), right-to-left square-and-multiply: at most 256 squarings and
    /// 256 multiplications. Gas for EXP is charged by the exponent's byte length, so the cost is bounded.
    /// </summary>
    public static void Exp(in UInt256 @base, in UInt256 exponent, out UInt256 res)
    {
        UInt256 power = @base;
        UInt256 e = exponent;
        int bits = e.BitLength;
        UInt256 result = One;
        for (int i = 0; i < bits; i++)
        {
            ulong limb = i < 64 ? e.U0 : i < 128 ? e.U1 : i < 192 ? e.U2 : e.U3;
            if (((limb >> (i & 63)) & 1) != 0)
                Multiply(in result, in power, out result);
            if (i + 1 < bits)
                Multiply(in power, in power, out power);
        }
        res = result;
    }

    /// <summary>base^exponent modulo 2^256 (EVM EXP).</summary>
    public static UInt256 Exp(UInt256 @base, UInt256 exponent)
    {
        Exp(in @base, in exponent, out UInt256 res);
        return res;
    }

    /// <summary>Wrapping addition (EVM semantics; use <see cref="AddOverflow"/> to detect overflow).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt256 operator +(UInt256 a, UInt256 b)
    {
        Add(in a, in b, out UInt256 res);
        return res;
    }

    /// <summary>Wrapping subtraction (EVM semantics; use <see cref="SubtractUnderflow"/> to detect underflow).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt256 operator -(UInt256 a, UInt256 b)
    {
        Subtract(in a, in b, out UInt256 res);
        return res;
    }

    /// <summary>Two's complement negation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt256 operator -(UInt256 a) => Negate(a);

    /// <summary>Wrapping multiplication (EVM semantics; use <see cref="MultiplyOverflow"/> to detect overflow).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt256 operator *(UInt256 a, UInt256 b)
    {
        Multiply(in a, in b, out UInt256 res);
        return res;
    }

    /// <summary>Wrapping increment: MaxValue + 1 = 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt256 operator ++(UInt256 a)
    {
        UInt256 one = One;
        Add(in a, in one, out UInt256 res);
        return res;
    }

    /// <summary>Wrapping decrement: 0 - 1 = MaxValue.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt256 operator --(UInt256 a)
    {
        UInt256 one = One;
        Subtract(in a, in one, out UInt256 res);
        return res;
    }
}
