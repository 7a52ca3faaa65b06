namespace AgentChain.Evm.Precompiles.Bn254;

/// <summary>Fp6 = Fp2[v]/(v³ − ξ): an element is C0 + C1·v + C2·v².</summary>
internal readonly record struct Fp6(Fp2 C0, Fp2 C1, Fp2 C2)
{
    public static Fp6 Zero => default;
    public static Fp6 One { get; } = new(Fp2.One, Fp2.Zero, Fp2.Zero);

    public static Fp6 operator +(Fp6 x, Fp6 y) => new(x.C0 + y.C0, x.C1 + y.C1, x.C2 + y.C2);
    public static Fp6 operator -(Fp6 x, Fp6 y) => new(x.C0 - y.C0, x.C1 - y.C1, x.C2 - y.C2);
    public static Fp6 operator -(Fp6 x) => new(-x.C0, -x.C1, -x.C2);

    // Karatsuba over the three coefficients; v³ = ξ folds the degree-3 and -4 terms back.
    public static Fp6 operator *(Fp6 x, Fp6 y)
    {
        var t0 = x.C0 * y.C0;
        var t1 = x.C1 * y.C1;
        var t2 = x.C2 * y.C2;
        var c0 = t0 + ((x.C1 + x.C2) * (y.C1 + y.C2) - t1 - t2).MulByXi();
        var c1 = (x.C0 + x.C1) * (y.C0 + y.C1) - t0 - t1 + t2.MulByXi();
        var c2 = (x.C0 + x.C2) * (y.C0 + y.C2) - t0 - t2 + t1;
        return new Fp6(c0, c1, c2);
    }

    /// <summary>Multiplication by v: (c0 + c1 v + c2 v²)·v = ξc2 + c0 v + c1 v².</summary>
    public Fp6 MulByV() => new(C2.MulByXi(), C0, C1);

    public Fp6 Inverse()
    {
        // (A + Bv + Cv²) is the adjugate; a·adj = F ∈ Fp2.
        var a = C0.Square() - (C1 * C2).MulByXi();
        var b = C2.Square().MulByXi() - C0 * C1;
        var c = C1.Square() - C0 * C2;
        var f = C0 * a + (C2 * b + C1 * c).MulByXi();
        var fInverse = f.Inverse();
        return new Fp6(a * fInverse, b * fInverse, c * fInverse);
    }
}
