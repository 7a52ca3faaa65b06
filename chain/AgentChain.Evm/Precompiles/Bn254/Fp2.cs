using System.Numerics;

namespace AgentChain.Evm.Precompiles.Bn254;

/// <summary>Fp2 = Fp[u]/(u² + 1): an element is A + B·u. G2 coordinates live here (EIP-197).</summary>
internal readonly record struct Fp2(Fp A, Fp B) : IBn254Field<Fp2>
{
    public static Fp2 Zero => default;
    public static Fp2 One { get; } = new(Fp.One, Fp.Zero);

    /// <summary>ξ = 9 + u, the non-residue defining Fp6 = Fp2[v]/(v³ − ξ) and the D-type twist y² = x³ + 3/ξ.</summary>
    public static Fp2 Xi { get; } = new(Fp.FromSmall(9), Fp.One);

    public bool IsZero => A.IsZero && B.IsZero;

    public static Fp2 operator +(Fp2 x, Fp2 y) => new(x.A + y.A, x.B + y.B);
    public static Fp2 operator -(Fp2 x, Fp2 y) => new(x.A - y.A, x.B - y.B);
    public static Fp2 operator -(Fp2 x) => new(-x.A, -x.B);

    // Karatsuba: three base-field multiplications instead of four.
    public static Fp2 operator *(Fp2 x, Fp2 y)
    {
        var aa = x.A * y.A;
        var bb = x.B * y.B;
        return new Fp2(aa - bb, (x.A + x.B) * (y.A + y.B) - aa - bb);
    }

    public Fp2 Square() => new((A + B) * (A - B), (A * B) + (A * B));

    public Fp2 Scale(Fp k) => new(A * k, B * k);

    /// <summary>Multiplication by ξ = 9 + u: (a + bu)(9 + u) = (9a − b) + (a + 9b)u.</summary>
    public Fp2 MulByXi()
    {
        var nine = Fp.FromSmall(9);
        return new Fp2(nine * A - B, A + nine * B);
    }

    /// <summary>The p-power Frobenius map on Fp2: a + bu ↦ a − bu.</summary>
    public Fp2 Conjugate() => new(A, -B);

    public Fp2 Inverse()
    {
        var normInverse = (A.Square() + B.Square()).Inverse();
        return new Fp2(A * normInverse, -(B * normInverse));
    }

    public Fp2 Pow(BigInteger exponent)
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
