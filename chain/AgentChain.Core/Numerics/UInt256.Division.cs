using System.Numerics;
using System.Runtime.CompilerServices;

namespace AgentChain.Core.Numerics;

// Division and modular reduction: EVM DIV, MOD, ADDMOD, MULMOD.
//
// Plan: a divisor that fits in 64 bits divides limb by limb with a 128/64 step; anything wider goes through
// Knuth's Algorithm D (TAOCP vol. 2, 4.3.1) on 64-bit limbs. Both use the 128/64 step of Möller & Granlund,
// "Improved division by invariant integers" (IEEE TC 2011), Algorithm 4: one reciprocal of the normalised
// divisor per call, then two multiplications per quotient limb instead of a hardware 128/64 DIV each.
// Scratch lives on the stack (at most 9 + 8 + 4 + 4 limbs); nothing here allocates.
public readonly partial struct UInt256
{
    /// <summary>
    /// floor((2^128 - 1) / d) - 2^64 for a normalised d (top bit set), without a division: Möller–Granlund
    /// Algorithm 3. An 11-bit table estimate is refined by two Newton steps and a final Householder step,
    /// then corrected by one exact multiplication. (UInt128 division takes ~40 ns for such operands on .NET 10,
    /// more than the whole 256/64 division it serves; the tests compare this against it exhaustively on edges
    /// and on a million random divisors.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Reciprocal(ulong d)
    {
        ulong d0 = d & 1;
        ulong d9 = d >> 55;
        ulong d40 = (d >> 24) + 1;
        ulong d63 = (d >> 1) + d0;
        ulong v0 = ReciprocalTable[(int)(d9 - 256)];
        ulong v1 = (v0 << 11) - ((v0 * v0 * d40) >> 40) - 1;
        ulong v2 = (v1 << 13) + ((v1 * ((1UL << 60) - v1 * d40)) >> 47);
        ulong e = ((v2 >> 1) & (0UL - d0)) - v2 * d63;
        ulong v3 = (Math.BigMul(v2, e, out _) >> 1) + (v2 << 31);
        ulong high = Math.BigMul(v3, d, out ulong low);
        low += d;
        high += low < d ? 1UL : 0UL;
        return v3 - high - d;
    }

    /// <summary>
    /// v0 = floor((2^19 - 3·2^8) / d9) for the top nine bits d9 = 256..511 of a normalised divisor (the paper's
    /// table). Built once at type initialisation; an array rather than a ReadOnlySpan literal because Debug code
    /// allocates on every RuntimeHelpers.CreateSpan call, and the no-allocation test runs in Debug.
    /// </summary>
    private static readonly ushort[] ReciprocalTable = BuildReciprocalTable();

    private static ushort[] BuildReciprocalTable()
    {
        var table = new ushort[256];
        for (int i = 0; i < table.Length; i++)
            table[i] = (ushort)(((1 << 19) - 3 * (1 << 8)) / (256 + i));
        return table;
    }

    /// <summary>
    /// (high:low) / d for a normalised d with high &lt; d, given v = <see cref="Reciprocal"/>(d). Möller–Granlund
    /// Algorithm 4: the estimate from v*high is off by at most two, fixed by the two conditional corrections.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong DivRem2By1(ulong high, ulong low, ulong d, ulong v, out ulong remainder)
    {
        ulong qh = Math.BigMul(v, high, out ulong ql);
        ulong sum = ql + low;
        qh += high + 1 + (sum < ql ? 1UL : 0UL);
        ql = sum;
        ulong r = low - qh * d;
        if (r > ql)
        {
            qh--;
            r += d;
        }
        if (r >= d)
        {
            qh++;
            r -= d;
        }
        remainder = r;
        return qh;
    }

    /// <summary>256/64 division, the DivSmall fast path. <paramref name="divisor"/> must be non-zero.</summary>
    private static void DivRemBy64(in UInt256 a, ulong divisor, out UInt256 quotient, out ulong remainder)
    {
        int shift = BitOperations.LeadingZeroCount(divisor);
        ulong d = divisor << shift;
        ulong v = Reciprocal(d);
        ulong n0 = a.U0, n1 = a.U1, n2 = a.U2, n3 = a.U3, n4 = 0;
        if (shift != 0)
        {
            int back = 64 - shift;
            n4 = n3 >> back;
            n3 = (n3 << shift) | (n2 >> back);
            n2 = (n2 << shift) | (n1 >> back);
            n1 = (n1 << shift) | (n0 >> back);
            n0 <<= shift;
        }
        ulong q3 = DivRem2By1(n4, n3, d, v, out ulong r);
        ulong q2 = DivRem2By1(r, n2, d, v, out r);
        ulong q1 = DivRem2By1(r, n1, d, v, out r);
        ulong q0 = DivRem2By1(r, n0, d, v, out r);
        quotient = new UInt256(q0, q1, q2, q3);
        remainder = r >> shift;
    }

    /// <summary>Number of significant limbs (0 for zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int LimbCount(in UInt256 a) => a.U3 != 0 ? 4 : a.U2 != 0 ? 3 : a.U1 != 0 ? 2 : a.U0 != 0 ? 1 : 0;

    /// <summary>
    /// Knuth's Algorithm D. <paramref name="u"/>: dividend limbs (m of them, m ≥ n). <paramref name="d"/>: divisor
    /// limbs (n ≥ 1, top limb non-zero). Writes the quotient's m - n + 1 limbs to <paramref name="quotient"/>
    /// unless it is null, and the remainder's n limbs to <paramref name="remainder"/>. Limbs are addressed by
    /// pointer into the callers' stack scratch, without span bounds checks in the inner loops: the indices are
    /// bounded by m ≤ 8 and n ≤ 4 by construction (every caller passes at most that).
    /// </summary>
    [SkipLocalsInit]
    private static unsafe void DivRemLimbs(ulong* u, int m, ulong* d, int n, ulong* quotient, ulong* remainder)
    {
        int shift = BitOperations.LeadingZeroCount(d[n - 1]);

        // D1: normalise so the divisor's top bit is set; the dividend grows by one limb. Constant sizes (the
        // largest dividend is MULMOD's 8 limbs) let the JIT place the scratch in the frame instead of emitting a
        // dynamic localloc with its stack probe.
        ulong* un = stackalloc ulong[9];
        ulong* dn = stackalloc ulong[4];
        ShiftLeftLimbs(u, m, shift, un, m + 1);
        ShiftLeftLimbs(d, n, shift, dn, n);

        ulong dTop = dn[n - 1];
        ulong v = Reciprocal(dTop);

        if (n == 1)
        {
            ulong r = un[m];
            for (int j = m - 1; j >= 0; j--)
            {
                ulong q = DivRem2By1(r, un[j], dTop, v, out r);
                if (quotient != null) quotient[j] = q;
            }
            remainder[0] = r >> shift;
            return;
        }

        ulong dNext = dn[n - 2];
        for (int j = m - n; j >= 0; j--)
        {
            // D3: estimate q̂ from the top two dividend limbs and the top divisor limb. The loop invariant
            // (partial remainder < divisor) gives un[j+n] ≤ dTop; at equality the true digit is β-1 or β-2 and
            // the 2-by-1 step's precondition fails, so q̂ = β-1 with r̂ = un[j+n-1] + dTop, exactly as Knuth does.
            ulong* window = un + j;
            ulong uHigh = window[n], uLow = window[n - 1];
            ulong qHat, rHat;
            bool rHatOverflow;
            if (uHigh >= dTop)
            {
                qHat = ulong.MaxValue;
                rHat = uLow + dTop;
                rHatOverflow = rHat < uLow;
            }
            else
            {
                qHat = DivRem2By1(uHigh, uLow, dTop, v, out rHat);
                rHatOverflow = false;
            }

            // Refine with the second divisor limb: while q̂·d[n-2] > r̂·β + u[j+n-2], q̂ is too big. Runs at most
            // twice, and leaves q̂ at most one too big (caught by D6).
            while (!rHatOverflow)
            {
                ulong pHigh = Math.BigMul(qHat, dNext, out ulong pLow);
                if (pHigh < rHat || (pHigh == rHat && pLow <= window[n - 2]))
                    break;
                qHat--;
                ulong before = rHat;
                rHat += dTop;
                rHatOverflow = rHat < before;
            }

            // D4: un[j .. j+n] -= q̂ · dn.
            ulong mulCarry = 0, borrow = 0;
            for (int i = 0; i < n; i++)
            {
                ulong pHigh = MultiplyAdd(qHat, dn[i], 0, mulCarry, out ulong pLow);
                window[i] = SubtractWithBorrow(window[i], pLow, ref borrow);
                mulCarry = pHigh;
            }
            ulong topLimb = window[n];
            ulong top = topLimb - mulCarry;
            ulong topBorrow = topLimb < mulCarry ? 1UL : 0UL;
            topBorrow |= top < borrow ? 1UL : 0UL;
            window[n] = top - borrow;

            // D6: q̂ was one too big (probability about 2/β); add the divisor back once.
            if (topBorrow != 0)
            {
                qHat--;
                ulong carry = 0;
                for (int i = 0; i < n; i++)
                    window[i] = AddWithCarry(window[i], dn[i], ref carry);
                window[n] += carry;
            }

            if (quotient != null) quotient[j] = qHat;
        }

        // D8: the remainder is the low n limbs, shifted back.
        if (shift == 0)
        {
            for (int i = 0; i < n; i++) remainder[i] = un[i];
        }
        else
        {
            for (int i = 0; i < n; i++)
                remainder[i] = (un[i] >> shift) | (un[i + 1] << (64 - shift));
        }
    }

    /// <summary>
    /// Writes source &lt;&lt; shift (0 ≤ shift &lt; 64) into the first <paramref name="destinationLength"/> limbs of
    /// destination; a destination one limb longer than the source receives the carried-out bits in that limb.
    /// </summary>
    private static unsafe void ShiftLeftLimbs(ulong* source, int length, int shift, ulong* destination, int destinationLength)
    {
        ulong carry = 0;
        if (shift == 0)
        {
            for (int i = 0; i < length; i++) destination[i] = source[i];
        }
        else
        {
            int back = 64 - shift;
            for (int i = 0; i < length; i++)
            {
                ulong limb = source[i];
                destination[i] = (limb << shift) | carry;
                carry = limb >> back;
            }
        }
        if (destinationLength > length)
            destination[length] = carry;
    }

    /// <summary>The four limbs of <paramref name="a"/>, least significant first, into <paramref name="limbs"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreLimbs(in UInt256 a, ulong* limbs)
    {
        limbs[0] = a.U0; limbs[1] = a.U1; limbs[2] = a.U2; limbs[3] = a.U3;
    }

    /// <summary>Quotient and remainder; both zero when <paramref name="b"/> is zero (EVM DIV/MOD semantics).</summary>
    [SkipLocalsInit]
    public static unsafe void DivRem(in UInt256 a, in UInt256 b, out UInt256 quotient, out UInt256 remainder)
    {
        if ((b.U1 | b.U2 | b.U3) == 0)
        {
            ulong divisor = b.U0;
            if (divisor == 0)
            {
                quotient = default;
                remainder = default;
                return;
            }
            // Division by a power of two is a shift (sha1_divs and compiled code divide by 2^k in place of SHR).
            if ((divisor & (divisor - 1)) == 0)
            {
                int k = BitOperations.TrailingZeroCount(divisor);
                ulong low = a.U0 & (divisor - 1);
                ShiftRight(in a, k, out quotient);
                remainder = new UInt256(low);
                return;
            }
            if ((a.U1 | a.U2 | a.U3) == 0)
            {
                ulong x = a.U0;
                quotient = new UInt256(x / divisor);
                remainder = new UInt256(x % divisor);
                return;
            }
            DivRemBy64(in a, divisor, out quotient, out ulong small);
            remainder = new UInt256(small);
            return;
        }
        if (BitOperations.PopCount(b.U0) + BitOperations.PopCount(b.U1) + BitOperations.PopCount(b.U2) + BitOperations.PopCount(b.U3) == 1)
        {
            int k = b.BitLength - 1;
            UInt256 one = One;
            Subtract(in b, in one, out UInt256 mask);
            UInt256 low = new(a.U0 & mask.U0, a.U1 & mask.U1, a.U2 & mask.U2, a.U3 & mask.U3);
            ShiftRight(in a, k, out quotient);
            remainder = low;
            return;
        }
        if (a < b)
        {
            UInt256 dividend = a;
            quotient = default;
            remainder = dividend;
            return;
        }

        int m = LimbCount(in a), n = LimbCount(in b);
        ulong* u = stackalloc ulong[4];
        ulong* d = stackalloc ulong[4];
        ulong* q = stackalloc ulong[4];
        ulong* r = stackalloc ulong[4];
        StoreLimbs(in a, u);
        StoreLimbs(in b, d);
        q[0] = q[1] = q[2] = q[3] = 0;
        r[0] = r[1] = r[2] = r[3] = 0;
        DivRemLimbs(u, m, d, n, q, r);
        quotient = new UInt256(q[0], q[1], q[2], q[3]);
        remainder = new UInt256(r[0], r[1], r[2], r[3]);
    }

    /// <summary>a / b rounded down; 0 when b is 0 (EVM DIV).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Divide(in UInt256 a, in UInt256 b, out UInt256 res) => DivRem(in a, in b, out res, out _);

    /// <summary>a / b rounded down; 0 when b is 0 (EVM DIV).</summary>
    public static UInt256 Divide(UInt256 a, UInt256 b)
    {
        DivRem(in a, in b, out UInt256 res, out _);
        return res;
    }

    /// <summary>a mod b; 0 when b is 0 (EVM MOD).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Modulo(in UInt256 a, in UInt256 b, out UInt256 res) => DivRem(in a, in b, out _, out res);

    /// <summary>a mod b; 0 when b is 0 (EVM MOD).</summary>
    public static UInt256 Modulo(UInt256 a, UInt256 b)
    {
        DivRem(in a, in b, out _, out UInt256 res);
        return res;
    }

    /// <summary>(a + b) mod m over the 257-bit sum, not the wrapped one; 0 when m is 0 (EVM ADDMOD).</summary>
    [SkipLocalsInit]
    public static unsafe void AddMod(in UInt256 a, in UInt256 b, in UInt256 m, out UInt256 res)
    {
        if (m.IsZero)
        {
            res = default;
            return;
        }
        UInt256 modulus = m;
        bool carry = AddOverflow(in a, in b, out UInt256 sum);
        // Operands already reduced (field arithmetic: weierstrudel, BN254/secp256k1 code) give a + b < 2m, so
        // one conditional subtraction replaces the division. With the carry the true sum is 2^256 + sum ≥ m,
        // and sum - m wraps to exactly the true sum - m.
        if (a < modulus && b < modulus)
        {
            if (carry || sum >= modulus) Subtract(in sum, in modulus, out res);
            else res = sum;
            return;
        }
        if (!carry)
        {
            DivRem(in sum, in m, out _, out res);
            return;
        }
        // The carry is the 257th bit: reduce the five-limb sum. It is ≥ 2^256 > m, so m's limbs never exceed it.
        int n = LimbCount(in m);
        ulong* u = stackalloc ulong[5];
        ulong* d = stackalloc ulong[4];
        ulong* r = stackalloc ulong[4];
        StoreLimbs(in sum, u);
        u[4] = 1;
        StoreLimbs(in m, d);
        r[0] = r[1] = r[2] = r[3] = 0;
        DivRemLimbs(u, 5, d, n, null, r);
        res = new UInt256(r[0], r[1], r[2], r[3]);
    }

    /// <summary>(a + b) mod m with the full 257-bit sum; 0 when m is 0 (EVM ADDMOD).</summary>
    public static UInt256 AddMod(UInt256 a, UInt256 b, UInt256 m)
    {
        AddMod(in a, in b, in m, out UInt256 res);
        return res;
    }

    /// <summary>
    /// p mod m for a 512-bit p and a modulus whose top limb is non-zero (the cryptographic moduli MULMOD is
    /// used with: BN254, secp256k1, P-256): <see cref="DivRemLimbs"/> specialised to four divisor limbs and
    /// a nine-limb normalised dividend, with the multiply-subtract and add-back steps unrolled and the divisor
    /// in registers. Five quotient digits, each from a 2-by-1 step refined by the second divisor limb.
    /// </summary>
    [SkipLocalsInit]
    private static unsafe void RemainderBy4Limbs(in UInt512Limbs p, in UInt256 m, out UInt256 res)
    {
        int shift = BitOperations.LeadingZeroCount(m.U3);
        // x >> (64 - shift) without the shift-by-64 that C# would read as a shift by 0.
        int back = 63 - shift;
        ulong d3 = (m.U3 << shift) | ((m.U2 >> 1) >> back);
        ulong d2 = (m.U2 << shift) | ((m.U1 >> 1) >> back);
        ulong d1 = (m.U1 << shift) | ((m.U0 >> 1) >> back);
        ulong d0 = m.U0 << shift;

        ulong* un = stackalloc ulong[9];
        un[8] = (p.L7 >> 1) >> back;
        un[7] = (p.L7 << shift) | ((p.L6 >> 1) >> back);
        un[6] = (p.L6 << shift) | ((p.L5 >> 1) >> back);
        un[5] = (p.L5 << shift) | ((p.L4 >> 1) >> back);
        un[4] = (p.L4 << shift) | ((p.L3 >> 1) >> back);
        un[3] = (p.L3 << shift) | ((p.L2 >> 1) >> back);
        un[2] = (p.L2 << shift) | ((p.L1 >> 1) >> back);
        un[1] = (p.L1 << shift) | ((p.L0 >> 1) >> back);
        un[0] = p.L0 << shift;

        ulong v = Reciprocal(d3);
        for (int j = 4; j >= 0; j--)
        {
            ulong* w = un + j;
            // D3 as in DivRemLimbs: w[4] ≤ d3 by the loop invariant; at equality q̂ = β-1.
            ulong uHigh = w[4], uLow = w[3];
            ulong qHat, rHat;
            bool rHatOverflow;
            if (uHigh >= d3)
            {
                qHat = ulong.MaxValue;
                rHat = uLow + d3;
                rHatOverflow = rHat < uLow;
            }
            else
            {
                qHat = DivRem2By1(uHigh, uLow, d3, v, out rHat);
                rHatOverflow = false;
            }
            while (!rHatOverflow)
            {
                ulong pHigh = Math.BigMul(qHat, d2, out ulong pLow);
                if (pHigh < rHat || (pHigh == rHat && pLow <= w[2]))
                    break;
                qHat--;
                ulong before = rHat;
                rHat += d3;
                rHatOverflow = rHat < before;
            }

            // D4: w[0..4] -= q̂ · d.
            ulong borrow = 0;
            ulong c = MultiplyAdd(qHat, d0, 0, 0, out ulong lo);
            w[0] = SubtractWithBorrow(w[0], lo, ref borrow);
            c = MultiplyAdd(qHat, d1, 0, c, out lo);
            w[1] = SubtractWithBorrow(w[1], lo, ref borrow);
            c = MultiplyAdd(qHat, d2, 0, c, out lo);
            w[2] = SubtractWithBorrow(w[2], lo, ref borrow);
            c = MultiplyAdd(qHat, d3, 0, c, out lo);
            w[3] = SubtractWithBorrow(w[3], lo, ref borrow);
            ulong top = w[4];
            ulong afterCarry = top - c;
            ulong topBorrow = top < c ? 1UL : 0UL;
            topBorrow |= afterCarry < borrow ? 1UL : 0UL;
            w[4] = afterCarry - borrow;

            // D6: q̂ was one too big; add the divisor back once (the quotient itself is not needed).
            if (topBorrow != 0)
            {
                ulong carry = 0;
                w[0] = AddWithCarry(w[0], d0, ref carry);
                w[1] = AddWithCarry(w[1], d1, ref carry);
                w[2] = AddWithCarry(w[2], d2, ref carry);
                w[3] = AddWithCarry(w[3], d3, ref carry);
                w[4] += carry;
            }
        }

        // D8: the remainder is un[0..3] (un[4] is zero now), shifted back; x << (64 - shift) written so that
        // shift = 0 gives 0.
        res = new UInt256(
            (un[0] >> shift) | ((un[1] << 1) << back),
            (un[1] >> shift) | ((un[2] << 1) << back),
            (un[2] >> shift) | ((un[3] << 1) << back),
            (un[3] >> shift) | ((un[4] << 1) << back));
    }

    /// <summary>(a * b) mod m over the full 512-bit product; 0 when m is 0 (EVM MULMOD).</summary>
    [SkipLocalsInit]
    public static unsafe void MulMod(in UInt256 a, in UInt256 b, in UInt256 m, out UInt256 res)
    {
        if (m.IsZero)
        {
            res = default;
            return;
        }
        UInt256 modulus = m;
        MultiplyFull(in a, in b, out UInt512Limbs p);
        if ((p.L4 | p.L5 | p.L6 | p.L7) == 0)
        {
            UInt256 low = new(p.L0, p.L1, p.L2, p.L3);
            DivRem(in low, in modulus, out _, out res);
            return;
        }

        if (modulus.U3 != 0)
        {
            RemainderBy4Limbs(in p, in modulus, out res);
            return;
        }

        ulong* u = stackalloc ulong[8];
        u[0] = p.L0; u[1] = p.L1; u[2] = p.L2; u[3] = p.L3;
        u[4] = p.L4; u[5] = p.L5; u[6] = p.L6; u[7] = p.L7;
        int length = 8;
        while (u[length - 1] == 0) length--;

        // The high half is non-zero, so the product has at least 5 limbs and the modulus at most 4: m ≤ u.
        int n = LimbCount(in modulus);
        ulong* d = stackalloc ulong[4];
        ulong* r = stackalloc ulong[4];
        StoreLimbs(in modulus, d);
        r[0] = r[1] = r[2] = r[3] = 0;
        DivRemLimbs(u, length, d, n, null, r);
        res = new UInt256(r[0], r[1], r[2], r[3]);
    }

    /// <summary>(a * b) mod m over the full 512-bit product; 0 when m is 0 (EVM MULMOD).</summary>
    public static UInt256 MulMod(UInt256 a, UInt256 b, UInt256 m)
    {
        MulMod(in a, in b, in m, out UInt256 res);
        return res;
    }

    /// <summary>Integer division; throws <see cref="DivideByZeroException"/> like C# integers do (EVM code uses <see cref="Divide(in UInt256, in UInt256, out UInt256)"/>).</summary>
    public static UInt256 operator /(UInt256 a, UInt256 b)
    {
        if (b.IsZero) throw new DivideByZeroException("UInt256 division by zero (EVM DIV, which yields 0, is UInt256.Divide)");
        DivRem(in a, in b, out UInt256 res, out _);
        return res;
    }

    /// <summary>Remainder; throws <see cref="DivideByZeroException"/> like C# integers do (EVM code uses <see cref="Modulo(in UInt256, in UInt256, out UInt256)"/>).</summary>
    public static UInt256 operator %(UInt256 a, UInt256 b)
    {
        if (b.IsZero) throw new DivideByZeroException("UInt256 modulo by zero (EVM MOD, which yields 0, is UInt256.Modulo)");
        DivRem(in a, in b, out _, out UInt256 res);
        return res;
    }
}
