using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace AgentChain.Evm.Precompiles.Bn254;

/// <summary>
/// An element of the BN254 base field in Montgomery form (a·R mod p, R = 2²⁵⁶) over four 64-bit limbs, always
/// fully reduced so equal elements have equal limbs. Montgomery multiplication (CIOS) needs no division and no
/// allocation; it replaced a BigInteger version whose Fermat inversion alone cost ~0.2 ms.
/// </summary>
internal readonly record struct Fp : IBn254Field<Fp>
{
    public static readonly BigInteger Modulus =
        BigInteger.Parse("21888242871839275222246405745257275088696311157297823662689037894645226208583");

    private const ulong P0 = 0x3c208c16d87cfd47, P1 = 0x97816a916871ca8d, P2 = 0xb85045b68181585d, P3 = 0x30644e72e131a029;

    // −p⁻¹ mod 2⁶⁴ by Newton iteration (each step doubles the correct low bits), and R² mod p for conversion in.
    private static readonly ulong MontgomeryFactor = ComputeMontgomeryFactor();
    private static readonly Fp RSquared = FromLimbs(BigInteger.ModPow(2, 512, Modulus));
    // Bits of p − 2, most significant first, for the Fermat inversion ladder.
    private static readonly bool[] InversionExponentBits = BitsOf(Modulus - 2);

    private readonly ulong _l0, _l1, _l2, _l3;

    private Fp(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        _l0 = l0;
        _l1 = l1;
        _l2 = l2;
        _l3 = l3;
    }

    /// <summary>Wraps a value the caller has already checked is below p (the precompiles reject inputs ≥ p).</summary>
    public static Fp FromCanonical(BigInteger value)
    {
        Debug.Assert(value.Sign >= 0 && value < Modulus);
        return FromLimbs(value) * RSquared;
    }

    public static Fp FromSmall(int value) => FromCanonical(((value % Modulus) + Modulus) % Modulus);

    /// <summary>The canonical integer in [0, p).</summary>
    public BigInteger Value
    {
        get
        {
            var plain = MontgomeryMultiply(this, new Fp(1, 0, 0, 0));
            Span<byte> bytes = stackalloc byte[32];
            BitConverter.TryWriteBytes(bytes, plain._l0);
            BitConverter.TryWriteBytes(bytes[8..], plain._l1);
            BitConverter.TryWriteBytes(bytes[16..], plain._l2);
            BitConverter.TryWriteBytes(bytes[24..], plain._l3);
            return new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
        }
    }

    public static Fp Zero => default;
    public static Fp One { get; } = FromCanonical(BigInteger.One);
    public bool IsZero => (_l0 | _l1 | _l2 | _l3) == 0;

    public static Fp operator +(Fp a, Fp b)
    {
        // a, b < p < 2²⁵⁴, so the sum fits in four limbs.
        var l0 = a._l0 + b._l0;
        var carry = l0 < a._l0 ? 1UL : 0;
        var l1 = AddWithCarry(a._l1, b._l1, ref carry);
        var l2 = AddWithCarry(a._l2, b._l2, ref carry);
        var l3 = a._l3 + b._l3 + carry;
        return ReduceOnce(l0, l1, l2, l3);
    }

    public static Fp operator -(Fp a, Fp b)
    {
        ulong borrow = 0;
        var l0 = SubtractWithBorrow(a._l0, b._l0, ref borrow);
        var l1 = SubtractWithBorrow(a._l1, b._l1, ref borrow);
        var l2 = SubtractWithBorrow(a._l2, b._l2, ref borrow);
        var l3 = SubtractWithBorrow(a._l3, b._l3, ref borrow);
        if (borrow == 0) return new Fp(l0, l1, l2, l3);
        ulong carry = 0;
        l0 = AddWithCarry(l0, P0, ref carry);
        l1 = AddWithCarry(l1, P1, ref carry);
        l2 = AddWithCarry(l2, P2, ref carry);
        l3 = l3 + P3 + carry;
        return new Fp(l0, l1, l2, l3);
    }

    public static Fp operator -(Fp a) => a.IsZero ? a : new Fp(P0, P1, P2, P3) - a;
    public static Fp operator *(Fp a, Fp b) => MontgomeryMultiply(a, b);
    public Fp Square() => MontgomeryMultiply(this, this);

    /// <summary>Fermat inverse a^(p−2); the inverse of zero is zero (callers never invert zero).</summary>
    public Fp Inverse()
    {
        var result = One;
        foreach (var bit in InversionExponentBits)
        {
            result = result.Square();
            if (bit) result *= this;
        }
        return result;
    }

    // Coarsely integrated operand scanning (Koç, Acar, Kaliski 1996): t = a·b·R⁻¹ mod p, limb by limb.
    private static Fp MontgomeryMultiply(Fp a, Fp b)
    {
        ulong t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0;
        Span<ulong> bl = [b._l0, b._l1, b._l2, b._l3];
        for (var i = 0; i < 4; i++)
        {
            var bi = bl[i];
            var carry = MultiplyAdd(a._l0, bi, t0, 0, out t0);
            carry = MultiplyAdd(a._l1, bi, t1, carry, out t1);
            carry = MultiplyAdd(a._l2, bi, t2, carry, out t2);
            carry = MultiplyAdd(a._l3, bi, t3, carry, out t3);
            t4 += carry; // t4 < 2 before this step since t < 2p < 2²⁵⁵, so no overflow

            var m = t0 * MontgomeryFactor;
            carry = MultiplyAdd(m, P0, t0, 0, out _);
            carry = MultiplyAdd(m, P1, t1, carry, out t0);
            carry = MultiplyAdd(m, P2, t2, carry, out t1);
            carry = MultiplyAdd(m, P3, t3, carry, out t2);
            t3 = t4 + carry;
            t4 = t3 < carry ? 1UL : 0;
        }
        Debug.Assert(t4 == 0);
        return ReduceOnce(t0, t1, t2, t3);
    }

    /// <summary>Subtracts p once if the (below 2p) value is at least p.</summary>
    private static Fp ReduceOnce(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        ulong borrow = 0;
        var r0 = SubtractWithBorrow(l0, P0, ref borrow);
        var r1 = SubtractWithBorrow(l1, P1, ref borrow);
        var r2 = SubtractWithBorrow(l2, P2, ref borrow);
        var r3 = SubtractWithBorrow(l3, P3, ref borrow);
        return borrow == 0 ? new Fp(r0, r1, r2, r3) : new Fp(l0, l1, l2, l3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MultiplyAdd(ulong a, ulong b, ulong addend, ulong carryIn, out ulong low)
    {
        // a·b + addend + carryIn ≤ (2⁶⁴−1)² + 2(2⁶⁴−1) = 2¹²⁸ − 1: never overflows 128 bits.
        var high = Math.BigMul(a, b, out var lo);
        lo += addend;
        high += lo < addend ? 1UL : 0;
        lo += carryIn;
        high += lo < carryIn ? 1UL : 0;
        low = lo;
        return high;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong AddWithCarry(ulong a, ulong b, ref ulong carry)
    {
        var sum = a + b;
        var carryOut = sum < a ? 1UL : 0;
        var result = sum + carry;
        carryOut += result < sum ? 1UL : 0;
        carry = carryOut;
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SubtractWithBorrow(ulong a, ulong b, ref ulong borrow)
    {
        var difference = a - b;
        var borrowOut = a < b ? 1UL : 0;
        var result = difference - borrow;
        borrowOut += difference < borrow ? 1UL : 0;
        borrow = borrowOut;
        return result;
    }

    private static Fp FromLimbs(BigInteger value)
    {
        Span<byte> bytes = stackalloc byte[32];
        bytes.Clear();
        value.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        return new Fp(BitConverter.ToUInt64(bytes), BitConverter.ToUInt64(bytes[8..]), BitConverter.ToUInt64(bytes[16..]), BitConverter.ToUInt64(bytes[24..]));
    }

    private static bool[] BitsOf(BigInteger exponent) =>
        [.. Enumerable.Range(0, (int)exponent.GetBitLength()).Reverse().Select(bit => !(exponent >> bit).IsEven)];

    private static ulong ComputeMontgomeryFactor()
    {
        ulong inverse = 1;
        for (var i = 0; i < 6; i++) inverse *= 2 - P0 * inverse;
        Debug.Assert(P0 * inverse == 1);
        return 0 - inverse;
    }
}
