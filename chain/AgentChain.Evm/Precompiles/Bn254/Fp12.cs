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
