using System.Numerics;

namespace AgentChain.Evm.Precompiles.Bn254;

/// <summary>
/// The optimal ate pairing on BN254: a Miller loop over 6u + 2 with the two Frobenius correction steps, then the
/// final exponentiation to the power (p¹² − 1)/r. Lines are computed on the twist (affine, Fp2) and placed in
/// Fp12 through the untwisting map (x, y) ↦ (x·w², y·w³). Factors lying in a proper subfield (vertical lines,
/// Fp2 scalings) are dropped: the final exponentiation maps them to 1.
/// </summary>
internal static class Bn254Pairing
{
    private static readonly BigInteger U = 4965661367192848881;
    private static readonly BigInteger LoopCount = 6 * U + 2;
    private static readonly bool[] LoopBits =
        [.. Enumerable.Range(0, (int)LoopCount.GetBitLength() - 1).Reverse().Select(bit => !(LoopCount >> bit).IsEven)];

    // Frobenius on the twist: π(x, y) = (x̄·ξ^((p−1)/3), ȳ·ξ^((p−1)/2)), from w^p = w·ξ^((p−1)/6).
    private static readonly Fp2 FrobeniusX = Fp2.Xi.Pow((Fp.Modulus - 1) / 3);
    private static readonly Fp2 FrobeniusY = Fp2.Xi.Pow((Fp.Modulus - 1) / 2);

    // (p¹² − 1)/r = (p⁶ − 1)·(p² + 1)·(p⁴ − p² + 1)/r. The first two factors are Frobenius maps; the last, the
    // "hard part", is written in base p (e = d₀ + d₁p + d₂p² + d₃p³) so that f^e is one 4-way multi-exponentiation
    // of f, f^p, f^p², f^p³ over ~254-bit digits instead of a ~760-bit square-and-multiply.
    private static readonly BigInteger[] HardExponentDigits = DigitsInBaseP(
        (BigInteger.Pow(Fp.Modulus, 4) - BigInteger.Pow(Fp.Modulus, 2) + 1) / Bn254Curve.Order);

    /// <summary>True when ∏ e(Pᵢ, Qᵢ) = 1. Pairs with a point at infinity contribute 1.</summary>
    public static bool ProductIsOne(IReadOnlyList<(JacobianPoint<Fp> P, JacobianPoint<Fp2> Q)> pairs)
    {
        var f = Fp12.One;
        foreach (var (p, q) in pairs)
        {
            if (p.IsInfinity || q.IsInfinity) continue;
            f *= MillerLoop(p.ToAffine(), q.ToAffine());
        }
        return FinalExponentiation(f) == Fp12.One;
    }

    private static Fp12 MillerLoop((Fp X, Fp Y) p, (Fp2 X, Fp2 Y) q)
    {
        var f = Fp12.One;
        var t = q;
        foreach (var bit in LoopBits) // the top bit is the starting T = Q
        {
            f = f.Square() * Line(ref t, t, p);
            if (bit) f *= Line(ref t, q, p);
        }

        var q1 = (q.X.Conjugate() * FrobeniusX, q.Y.Conjugate() * FrobeniusY);
        var q2 = (q1.Item1.Conjugate() * FrobeniusX, q1.Item2.Conjugate() * FrobeniusY);
        f *= Line(ref t, q1, p);
        f *= Line(ref t, (q2.Item1, -q2.Item2), p);
        return f;
    }

    /// <summary>
    /// The line through T and S (the tangent when they are equal) evaluated at P, and T ← T + S. With slope λ on
    /// the twist the untwisted line is yP − λ·xP·w + (λ·xT − yT)·w³. A vertical line returns 1 (it lies in Fp6).
    /// </summary>
    private static Fp12 Line(ref (Fp2 X, Fp2 Y) t, (Fp2 X, Fp2 Y) s, (Fp X, Fp Y) p)
    {
        Fp2 slope;
        if (t.X == s.X)
        {
            if (t.Y != s.Y || t.Y.IsZero)
            {
                t = default; // T + S = infinity; only reachable as the loop's very last step.
                return Fp12.One;
            }
            var xSquared = t.X.Square();
            slope = (xSquared + xSquared + xSquared) * (t.Y + t.Y).Inverse();
        }
        else
        {
            slope = (s.Y - t.Y) * (s.X - t.X).Inverse();
        }

        var line = new Fp12(
            new Fp6(new Fp2(p.Y, Fp.Zero), Fp2.Zero, Fp2.Zero),
            new Fp6(-slope.Scale(p.X), slope * t.X - t.Y, Fp2.Zero));

        var x3 = slope.Square() - t.X - s.X;
        var y3 = slope * (t.X - x3) - t.Y;
        t = (x3, y3);
        return line;
    }

    private static Fp12 FinalExponentiation(Fp12 f)
    {
        var t = f.Conjugate() * f.Inverse();      // f^(p⁶ − 1)
        t = t.Frobenius().Frobenius() * t;        // ^(p² + 1)

        // Table of products of the four Frobenius powers, indexed by which digits have the current bit set.
        Span<Fp12> bases = [t, t.Frobenius(), default, default];
        bases[2] = bases[1].Frobenius();
        bases[3] = bases[2].Frobenius();
        var table = new Fp12[16];
        table[0] = Fp12.One;
        for (var mask = 1; mask < 16; mask++)
        {
            var lowest = BitOperations.TrailingZeroCount(mask);
            table[mask] = mask == 1 << lowest ? bases[lowest] : table[mask & (mask - 1)] * bases[lowest];
        }

        var result = Fp12.One;
        var bits = HardExponentDigits.Max(d => (int)d.GetBitLength());
        for (var bit = bits - 1; bit >= 0; bit--)
        {
            result = result.Square();
            var index = 0;
            for (var digit = 0; digit < 4; digit++)
                if (!(HardExponentDigits[digit] >> bit).IsEven) index |= 1 << digit;
            if (index != 0) result *= table[index];
        }
        return result;
    }

    private static BigInteger[] DigitsInBaseP(BigInteger value)
    {
        var digits = new BigInteger[4];
        for (var i = 0; i < 4; i++)
        {
            digits[i] = value % Fp.Modulus;
            value /= Fp.Modulus;
        }
        if (!value.IsZero) throw new InvalidOperationException("hard exponent must have four base-p digits");
        return digits;
    }
}
