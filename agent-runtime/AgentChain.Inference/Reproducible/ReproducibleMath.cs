using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AgentChain.Inference.Reproducible;

/// <summary>
/// Transcendental functions built only from IEEE-754 double add, subtract, multiply, divide and exact bit
/// manipulation, so they return the same bits on every CPU, OS and C library (unlike Math.Exp/Math.Log, which call
/// the platform libm). Accuracy is a few double ulps, far below float32 rounding, so float results are almost
/// always correctly rounded — but what matters here is that they are always the same.
/// </summary>
internal static class ReproducibleMath
{
    // ln 2 split so that k * Ln2Hi is exact for |k| < 2^11 (Cody–Waite range reduction).
    private const double Ln2Hi = 6.93147180369123816490e-01;
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double InvLn2 = 1.44269504088896338700e+00;

    public static double Exp(double x)
    {
        if (double.IsNaN(x)) return x;
        if (x > 709.782712893384) return double.PositiveInfinity;
        if (x < -745.1332191019412) return 0.0;
        // x = k ln2 + r with |r| <= ln2/2; exp(x) = 2^k exp(r).
        double kd = Math.Round(x * InvLn2, MidpointRounding.ToEven);
        int k = (int)kd;
        double r = (x - kd * Ln2Hi) - kd * Ln2Lo;
        // Taylor series of exp(r) to r^13/13! (truncation error < 1e-17 for |r| <= 0.347), Horner order fixed.
        double p = 1.0 / 6227020800.0;
        p = p * r + 1.0 / 479001600.0;
        p = p * r + 1.0 / 39916800.0;
        p = p * r + 1.0 / 3628800.0;
        p = p * r + 1.0 / 362880.0;
        p = p * r + 1.0 / 40320.0;
        p = p * r + 1.0 / 5040.0;
        p = p * r + 1.0 / 720.0;
        p = p * r + 1.0 / 120.0;
        p = p * r + 1.0 / 24.0;
        p = p * r + 1.0 / 6.0;
        p = p * r + 0.5;
        p = p * r + 1.0;
        p = p * r + 1.0;
        return ScaleB(p, k);
    }

    /// <summary>
    /// y[i] = Exp(x[i]) for a whole span, eight or four lanes at a time where the CPU has 512- or 256-bit vectors. A
    /// block whose lanes all lie in [-708, 709] runs <see cref="Exp(double)"/>'s operations lane by lane (no overflow, no
    /// subnormal scaling there); any other block (NaN, huge, tiny) goes through the scalar function. Same bits either way.
    /// </summary>
    public static void Exp(ReadOnlySpan<double> x, Span<double> y)
    {
        if (y.Length < x.Length) throw new ArgumentException($"output holds {y.Length} elements, input {x.Length}", nameof(y));
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + Vector512<double>.Count <= x.Length; i += Vector512<double>.Count)
            {
                Vector512<double> v = Vector512.Create(x.Slice(i, Vector512<double>.Count));
                if (Vector512.GreaterThanOrEqualAll(v, Vector512.Create(-708.0)) && Vector512.LessThanOrEqualAll(v, Vector512.Create(709.0)))
                    ExpNormalRange(v).CopyTo(y.Slice(i, Vector512<double>.Count));
                else
                    for (int j = i; j < i + Vector512<double>.Count; j++) y[j] = Exp(x[j]);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<double>.Count <= x.Length; i += Vector256<double>.Count)
            {
                Vector256<double> v = Vector256.Create(x.Slice(i, Vector256<double>.Count));
                if (Vector256.GreaterThanOrEqualAll(v, Vector256.Create(-708.0)) && Vector256.LessThanOrEqualAll(v, Vector256.Create(709.0)))
                    ExpNormalRange(v).CopyTo(y.Slice(i, Vector256<double>.Count));
                else
                    for (int j = i; j < i + Vector256<double>.Count; j++) y[j] = Exp(x[j]);
            }
        }
        for (; i < x.Length; i++) y[i] = Exp(x[i]);
    }

    /// <summary>exp(x) - 1 without the cancellation near 0 (needed for an accurate tanh of small arguments).</summary>
    public static double ExpM1(double x)
    {
        if (Math.Abs(x) >= 0.3) return Exp(x) - 1.0;
        // Taylor series x + x^2/2! + ... + x^15/15!: error < 1e-18 for |x| < 0.3.
        double p = InverseFactorials[15];
        for (int n = 14; n >= 1; n--) p = p * x + InverseFactorials[n];
        return p * x;
    }

    public static double Log(double x)
    {
        if (double.IsNaN(x) || x < 0) return double.NaN;
        if (x == 0) return double.NegativeInfinity;
        if (double.IsPositiveInfinity(x)) return x;
        // x = m 2^e with m in [sqrt(1/2), sqrt(2)); log(m) = 2 atanh(s), s = (m-1)/(m+1), |s| <= 0.1716.
        int e = 0;
        if (x < double.Epsilon * 4503599627370496.0) // subnormal: scale into the normal range first (exact)
        {
            x *= 18014398509481984.0; // 2^54
            e = -54;
        }
        long bits = BitConverter.DoubleToInt64Bits(x);
        e += (int)((bits >> 52) & 0x7FF) - 1023;
        double m = BitConverter.Int64BitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L);
        if (m > 1.4142135623730951)
        {
            m *= 0.5;
            e++;
        }
        double s = (m - 1.0) / (m + 1.0);
        double s2 = s * s;
        // atanh(s)/s = sum s^(2n)/(2n+1), to n = 12 (error < 1e-19).
        double p = 1.0 / 25.0;
        for (int n = 11; n >= 0; n--) p = p * s2 + 1.0 / (2 * n + 1);
        return e * Ln2Hi + (e * Ln2Lo + 2.0 * s * p);
    }

    public static double Tanh(double x)
    {
        if (double.IsNaN(x)) return x;
        double a = Math.Abs(x);
        if (a > 22.0) return Math.CopySign(1.0, x);
        double t = ExpM1(2.0 * a);
        return Math.CopySign(t / (t + 2.0), x);
    }

    /// <summary><see cref="Exp"/> lane by lane for -708 &lt;= v &lt;= 709, where 2^k is a normal number and ScaleB is one multiply.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> ExpNormalRange(Vector256<double> v)
    {
        Vector256<double> kd = Vector256.Round(v * Vector256.Create(InvLn2));
        Vector256<double> r = (v - kd * Vector256.Create(Ln2Hi)) - kd * Vector256.Create(Ln2Lo);
        Vector256<double> p = Vector256.Create(1.0 / 6227020800.0);
        p = p * r + Vector256.Create(1.0 / 479001600.0);
        p = p * r + Vector256.Create(1.0 / 39916800.0);
        p = p * r + Vector256.Create(1.0 / 3628800.0);
        p = p * r + Vector256.Create(1.0 / 362880.0);
        p = p * r + Vector256.Create(1.0 / 40320.0);
        p = p * r + Vector256.Create(1.0 / 5040.0);
        p = p * r + Vector256.Create(1.0 / 720.0);
        p = p * r + Vector256.Create(1.0 / 120.0);
        p = p * r + Vector256.Create(1.0 / 24.0);
        p = p * r + Vector256.Create(1.0 / 6.0);
        p = p * r + Vector256.Create(0.5);
        p = p * r + Vector256.Create(1.0);
        p = p * r + Vector256.Create(1.0);
        // kd is an integer with |kd| < 2^51, so kd + 1.5·2^52 holds it in its low mantissa bits, two's complement.
        Vector256<long> k = (kd + Vector256.Create(6755399441055744.0)).AsInt64() - Vector256.Create(0x4338000000000000L);
        Vector256<double> twoToK = Vector256.ShiftLeft(k + Vector256.Create(1023L), 52).AsDouble();
        return p * twoToK;
    }

    /// <summary><see cref="Exp"/> lane by lane for -708 &lt;= v &lt;= 709, where 2^k is a normal number and ScaleB is one multiply.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> ExpNormalRange(Vector512<double> v)
    {
        Vector512<double> kd = Vector512.Round(v * Vector512.Create(InvLn2));
        Vector512<double> r = (v - kd * Vector512.Create(Ln2Hi)) - kd * Vector512.Create(Ln2Lo);
        Vector512<double> p = Vector512.Create(1.0 / 6227020800.0);
        p = p * r + Vector512.Create(1.0 / 479001600.0);
        p = p * r + Vector512.Create(1.0 / 39916800.0);
        p = p * r + Vector512.Create(1.0 / 3628800.0);
        p = p * r + Vector512.Create(1.0 / 362880.0);
        p = p * r + Vector512.Create(1.0 / 40320.0);
        p = p * r + Vector512.Create(1.0 / 5040.0);
        p = p * r + Vector512.Create(1.0 / 720.0);
        p = p * r + Vector512.Create(1.0 / 120.0);
        p = p * r + Vector512.Create(1.0 / 24.0);
        p = p * r + Vector512.Create(1.0 / 6.0);
        p = p * r + Vector512.Create(0.5);
        p = p * r + Vector512.Create(1.0);
        p = p * r + Vector512.Create(1.0);
        // kd is an integer with |kd| < 2^51, so kd + 1.5·2^52 holds it in its low mantissa bits, two's complement.
        Vector512<long> k = (kd + Vector512.Create(6755399441055744.0)).AsInt64() - Vector512.Create(0x4338000000000000L);
        Vector512<double> twoToK = Vector512.ShiftLeft(k + Vector512.Create(1023L), 52).AsDouble();
        return p * twoToK;
    }

    public static double Sigmoid(double x)
    {
        if (double.IsNaN(x)) return x;
        // Evaluate with a non-positive exponent so exp never overflows.
        if (x >= 0) return 1.0 / (1.0 + Exp(-x));
        double e = Exp(x);
        return e / (1.0 + e);
    }

    /// <summary>a^b as exp(b log|a|) with the sign of an odd integer power; the IEEE special cases of pow for zeros, ones and infinities.</summary>
    public static double Pow(double a, double b)
    {
        if (b == 0 || a == 1) return 1.0;
        if (double.IsNaN(a) || double.IsNaN(b)) return double.NaN;
        bool integer = Math.Floor(b) == b && !double.IsInfinity(b);
        bool odd = integer && Math.Abs(b) < 9007199254740992.0 && Math.Abs(b % 2.0) == 1.0;
        if (a == 0) return b > 0 ? (odd ? a : 0.0) : (odd ? 1.0 / a : double.PositiveInfinity);
        if (a < 0 && !integer) return double.NaN;
        double magnitude = double.IsInfinity(a) ? (b > 0 ? double.PositiveInfinity : 0.0) : Exp(b * Log(Math.Abs(a)));
        return a < 0 && odd ? -magnitude : magnitude;
    }

    /// <summary>x * 2^k, exact unless the result is subnormal (then one correctly rounded multiply).</summary>
    private static double ScaleB(double x, int k)
    {
        if (k > 1023)
        {
            x *= BitConverter.Int64BitsToDouble(0x7FE0000000000000L); // 2^1023
            k -= 1023;
        }
        else if (k < -1022)
        {
            x *= BitConverter.Int64BitsToDouble(0x0360000000000000L); // 2^-969 keeps precision until the last step
            k += 969;
        }
        return x * BitConverter.Int64BitsToDouble((long)(k + 1023) << 52);
    }

    private static readonly double[] InverseFactorials = BuildInverseFactorials(15);

    private static double[] BuildInverseFactorials(int count)
    {
        var result = new double[count + 1];
        double f = 1;
        for (int i = 0; i <= count; i++)
        {
            if (i > 1) f *= i; // exact: every factorial up to 15! fits in 53 bits
            result[i] = 1.0 / f;
        }
        return result;
    }
}
