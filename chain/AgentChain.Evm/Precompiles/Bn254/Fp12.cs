using System.Numerics;

namespace AgentChain.Evm.Precompiles.Bn254;

/// <summary>
/// Fp12 = Fp6[w]/(w² − v): an element is C0 + C1·w, so w⁶ = ξ. Over Fp2 the basis is 1, v, v², w, vw, v²w
/// = w⁰, w², w⁴, w¹, w³, w⁵, which is how Miller-loop lines are placed.
/// </summary>
internal readonly record struct Fp12(Fp6 C0, Fp6 C1)
{
    public static Fp12 One { get; } = new(Fp6.One, Fp6.Zero);

    public static Fp12 operator *(Fp12 x, Fp12 y)
    {
        var t0 = x.C0 * y.C0;
        var t1 = x.C1 * y.C1;
        return new Fp12(t0 + t1.MulByV(), (x.C0 + x.C1) * (y.C0 + y.C1) - t0 - t1);
    }

    public Fp12 Square()
    {
        // (a + bw)² = a² + b²v + 2ab·w, with a² + b²v = (a + b)(a + bv) − ab − ab·v.
        var ab = C0 * C1;
        var c0 = (C0 + C1) * (C0 + C1.MulByV()) - ab - ab.MulByV();
        return new Fp12(c0, ab + ab);
    }

    /// <summary>The p⁶-power Frobenius: w ↦ −w.</summary>
    public Fp12 Conjugate() => new(C0, -C1);

    // γᵢ = ξ^(i(p−1)/6) = (w^(p−1))^i for the coefficient of wⁱ.
    private static readonly Fp2[] FrobeniusCoefficients =
        [.. Enumerable.Range(0, 6).Select(i => Fp2.Xi.Pow(i * (Fp.Modulus - 1) / 6))];

    /// <summary>
    /// The p-power Frobenius: (Σ cᵢwⁱ)^p = Σ c̄ᵢ·wⁱ·(w^(p−1))ⁱ with c̄ the Fp2 conjugate. Costs six Fp2 products,
    /// against hundreds of multiplications to raise to p by square-and-multiply.
    /// </summary>
    public Fp12 Frobenius()
    {
        var g = FrobeniusCoefficients;
        return new Fp12(
            new Fp6(C0.C0.Conjugate(), C0.C1.Conjugate() * g[2], C0.C2.Conjugate() * g[4]),
            new Fp6(C1.C0.Conjugate() * g[1], C1.C1.Conjugate() * g[3], C1.C2.Conjugate() * g[5]));
    }

    public Fp12 Inverse()
    {
        var normInverse = (C0 * C0 - (C1 * C1).MulByV()).Inverse();
        return new Fp12(C0 * normInverse, -(C1 * normInverse));
    }

    public Fp12 Pow(BigInteger exponent)
    {
        var result = One;
        for (var bit = (int)exponent.GetBitLength() - 1; bit >= 0; bit--)
        {
            result = result.Square();
            if (!(exponent >> bit).IsEven) result *= this;
        }
        return result;
    }
}
