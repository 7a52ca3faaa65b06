using System.Numerics;

namespace AgentChain.Evm.Precompiles.Bn254;

/// <summary>
/// A point on y² = x³ + b over field T in Jacobian coordinates (x = X/Z², y = Y/Z³); Z = 0 is the point at
/// infinity. Formulas are the a = 0 ones (dbl-2009-l, add-2007-bl from the Explicit-Formulas Database), so no
/// inversion happens until a point is converted back to affine.
/// </summary>
internal readonly record struct JacobianPoint<T>(T X, T Y, T Z) where T : struct, IBn254Field<T>
{
    public static JacobianPoint<T> Infinity => new(T.One, T.One, T.Zero);

    public static JacobianPoint<T> FromAffine(T x, T y) => new(x, y, T.One);

    public bool IsInfinity => Z.IsZero;

    public JacobianPoint<T> Double()
    {
        if (IsInfinity || Y.IsZero) return Infinity;
        var a = X.Square();
        var b = Y.Square();
        var c = b.Square();
        var xb = X + b;
        var d = xb.Square() - a - c;
        d += d;
        var e = a + a + a;
        var f = e.Square();
        var x3 = f - d - d;
        var eightC = c + c;
        eightC += eightC;
        eightC += eightC;
        var y3 = e * (d - x3) - eightC;
        var yz = Y * Z;
        return new JacobianPoint<T>(x3, y3, yz + yz);
    }

    public JacobianPoint<T> Add(JacobianPoint<T> other)
    {
        if (IsInfinity) return other;
        if (other.IsInfinity) return this;
        var z1z1 = Z.Square();
        var z2z2 = other.Z.Square();
        var u1 = X * z2z2;
        var u2 = other.X * z1z1;
        var s1 = Y * other.Z * z2z2;
        var s2 = other.Y * Z * z1z1;
        var h = u2 - u1;
        var r = s2 - s1;
        if (h.IsZero) return r.IsZero ? Double() : Infinity;
        r += r;
        var twoH = h + h;
        var i = twoH.Square();
        var j = h * i;
        var v = u1 * i;
        var x3 = r.Square() - j - v - v;
        var s1j = s1 * j;
        var y3 = r * (v - x3) - s1j - s1j;
        var z3 = ((Z + other.Z).Square() - z1z1 - z2z2) * h;
        return new JacobianPoint<T>(x3, y3, z3);
    }

    /// <summary>Left-to-right double-and-add over the scalar's bits (not constant time: all inputs are public).</summary>
    public JacobianPoint<T> Multiply(BigInteger scalar)
    {
        var result = Infinity;
        for (var bit = (int)scalar.GetBitLength() - 1; bit >= 0; bit--)
        {
            result = result.Double();
            if (!(scalar >> bit).IsEven) result = result.Add(this);
        }
        return result;
    }

    /// <summary>Affine coordinates; only for a finite point.</summary>
    public (T X, T Y) ToAffine()
    {
        var zInverse = Z.Inverse();
        var zInverse2 = zInverse.Square();
        return (X * zInverse2, Y * zInverse2 * zInverse);
    }
}
