using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AgentChain.Inference.Reproducible;

/// <summary>
/// tanh for float32 tensors, computed in float32 with only IEEE-754 add, subtract, multiply, divide, comparisons and
/// exact bit operations, in one fixed order — no fused multiply-add, no libm, no approximate reciprocal — so every
/// CPU gives the same bits. The 512-, 256- and 128-bit lane functions and the scalar function are the same
/// operations line for line; which of them handles an element never changes its result.
/// <para>
/// |x| &lt; 0.75: tanh(x) = x + x·(s·P(s)) with s = x², P a degree-5 polynomial fitted here (weighted minimax of
/// the relative error of tanh on [0, 0.75], coefficients rounded to float). |x| ≥ 0.75: tanh(|x|) = 1 − 2/(e + 1)
/// with e = exp(2|x|) = 2^k·exp(r) (Cody–Waite reduction with ln 2 split in float, exp(r) as its Taylor series to
/// r⁷/7!, which is below half a float ulp for |r| ≤ ln2/2); |x| is clamped to 10, where float tanh is already 1.
/// Measured against double-precision tanh over every non-negative float (the function is odd by construction):
/// at most <see cref="MaxUlpError"/> ulp (test FloatTanhTests).
/// </para>
/// <para>
/// The double-precision <see cref="ReproducibleMath.Tanh(double)"/> (a few double ulps, then rounded to float) was
/// about half of digits_mlp's time at batch 64; this runs twice the lanes per vector with a shorter polynomial.
/// </para>
/// </summary>
internal static class FloatTanh
{
    /// <summary>The largest error against double tanh found by the exhaustive test, in float ulps of the result.</summary>
    public const double MaxUlpError = 1.2;

    private const float PolynomialLimit = 0.75f;
    private const float Saturation = 10f;

    // tanh(x) = x + x^3 (C0 + C1 s + ... + C5 s^5), s = x^2, on [0, 0.75]: printed by agent-runtime/AgentChain.Inference/tools/fit-float-tanh.py.
    private const float C0 = -0.33333316445350647f;
    private const float C1 = 0.1333269476890564f;
    private const float C2 = -0.053892720490694046f;
    private const float C3 = 0.021452024579048157f;
    private const float C4 = -0.007657237816601992f;
    private const float C5 = 0.0017369241686537862f;

    private const float Log2E = 1.44269504088896341f;
    // ln 2 = Ln2Hi + Ln2Lo, Ln2Hi with 9 significant bits so k·Ln2Hi is exact for the k used here (k ≤ 29).
    private const float Ln2Hi = 0.693359375f;
    private const float Ln2Lo = -2.12194440e-4f;
    // 1.5·2^23: adding it rounds a float of magnitude < 2^22 to an integer (ties to even) held in the low mantissa bits.
    private const float RoundingMagic = 12582912f;
    private const int RoundingMagicBits = 0x4B400000;

    // 1/n! rounded to float, n = 0..7.
    private const float Inv1 = 1f, Inv2 = 0.5f, Inv3 = 1f / 6f, Inv4 = 1f / 24f, Inv5 = 1f / 120f, Inv6 = 1f / 720f, Inv7 = 1f / 5040f;

    /// <summary>y[i] = tanh(x[i]) with the widest vectors this CPU accelerates, then the scalar function for the rest.</summary>
    public static void Apply(ReadOnlySpan<float> x, Span<float> y) => Apply(x, y, 512);

    /// <summary>
    /// <see cref="Apply(ReadOnlySpan{float}, Span{float})"/> using vectors of at most <paramref name="maxVectorBits"/>
    /// (512, 256, 128; 0: scalar only), so tests can hold every width to the same bits.
    /// </summary>
    internal static void Apply(ReadOnlySpan<float> x, Span<float> y, int maxVectorBits)
    {
        if (y.Length < x.Length) throw new ArgumentException($"output holds {y.Length} elements, input {x.Length}", nameof(y));
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float ry = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (maxVectorBits >= 512 && Vector512.IsHardwareAccelerated)
            for (; i + Vector512<float>.Count <= x.Length; i += Vector512<float>.Count)
                Lanes(Vector512.LoadUnsafe(ref rx, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
        if (maxVectorBits >= 256 && Vector256.IsHardwareAccelerated)
            for (; i + Vector256<float>.Count <= x.Length; i += Vector256<float>.Count)
                Lanes(Vector256.LoadUnsafe(ref rx, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
        if (maxVectorBits >= 128 && Vector128.IsHardwareAccelerated)
            for (; i + Vector128<float>.Count <= x.Length; i += Vector128<float>.Count)
                Lanes(Vector128.LoadUnsafe(ref rx, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
        for (; i < x.Length; i++) y[i] = Scalar(x[i]);
    }

    /// <summary>The scalar function: the lane functions' operations on one float.</summary>
    public static float Scalar(float x)
    {
        if (float.IsNaN(x)) return x;
        float a = Math.Abs(x);
        float magnitude = a < PolynomialLimit ? Polynomial(a) : ViaExp(a);
        return BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(magnitude) | (BitConverter.SingleToInt32Bits(x) & int.MinValue));
    }

    private static float Polynomial(float a)
    {
        float s = a * a;
        float p = C5;
        p = p * s + C4;
        p = p * s + C3;
        p = p * s + C2;
        p = p * s + C1;
        p = p * s + C0;
        return a + a * (s * p);
    }

    private static float ViaExp(float a)
    {
        if (a > Saturation) a = Saturation;
        float v = a + a;
        float m = v * Log2E + RoundingMagic;
        float k = m - RoundingMagic;
        float r = (v - k * Ln2Hi) - k * Ln2Lo;
        float p = Inv7;
        p = p * r + Inv6;
        p = p * r + Inv5;
        p = p * r + Inv4;
        p = p * r + Inv3;
        p = p * r + Inv2;
        p = p * r + Inv1;
        p = p * r + Inv1;
        float twoToK = BitConverter.Int32BitsToSingle((BitConverter.SingleToInt32Bits(m) - (RoundingMagicBits - 127)) << 23);
        return 1f - 2f / (p * twoToK + 1f);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Lanes(Vector512<float> x)
    {
        Vector512<float> sign = Vector512.Create(-0f);
        Vector512<float> a = Vector512.AndNot(x, sign);
        Vector512<float> small = Vector512.LessThan(a, Vector512.Create(PolynomialLimit));
        Vector512<float> magnitude = Vector512.EqualsAll(small.AsInt32(), Vector512<int>.AllBitsSet) ? Polynomial(a)
            : Vector512.EqualsAll(small.AsInt32(), Vector512<int>.Zero) ? ViaExp(a)
            : Vector512.ConditionalSelect(small, Polynomial(a), ViaExp(a));
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), magnitude | (x & sign), x); // NaN lanes return x itself
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Polynomial(Vector512<float> a)
    {
        Vector512<float> s = a * a;
        Vector512<float> p = Vector512.Create(C5);
        p = p * s + Vector512.Create(C4);
        p = p * s + Vector512.Create(C3);
        p = p * s + Vector512.Create(C2);
        p = p * s + Vector512.Create(C1);
        p = p * s + Vector512.Create(C0);
        return a + a * (s * p);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> ViaExp(Vector512<float> a)
    {
        a = Vector512.ConditionalSelect(Vector512.GreaterThan(a, Vector512.Create(Saturation)), Vector512.Create(Saturation), a);
        Vector512<float> v = a + a;
        Vector512<float> m = v * Vector512.Create(Log2E) + Vector512.Create(RoundingMagic);
        Vector512<float> k = m - Vector512.Create(RoundingMagic);
        Vector512<float> r = (v - k * Vector512.Create(Ln2Hi)) - k * Vector512.Create(Ln2Lo);
        Vector512<float> p = Vector512.Create(Inv7);
        p = p * r + Vector512.Create(Inv6);
        p = p * r + Vector512.Create(Inv5);
        p = p * r + Vector512.Create(Inv4);
        p = p * r + Vector512.Create(Inv3);
        p = p * r + Vector512.Create(Inv2);
        p = p * r + Vector512.Create(Inv1);
        p = p * r + Vector512.Create(Inv1);
        Vector512<float> twoToK = Vector512.ShiftLeft(m.AsInt32() - Vector512.Create(RoundingMagicBits - 127), 23).AsSingle();
        return Vector512.Create(1f) - Vector512.Create(2f) / (p * twoToK + Vector512.Create(1f));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Lanes(Vector256<float> x)
    {
        Vector256<float> sign = Vector256.Create(-0f);
        Vector256<float> a = Vector256.AndNot(x, sign);
        Vector256<float> small = Vector256.LessThan(a, Vector256.Create(PolynomialLimit));
        Vector256<float> magnitude = Vector256.EqualsAll(small.AsInt32(), Vector256<int>.AllBitsSet) ? Polynomial(a)
            : Vector256.EqualsAll(small.AsInt32(), Vector256<int>.Zero) ? ViaExp(a)
            : Vector256.ConditionalSelect(small, Polynomial(a), ViaExp(a));
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), magnitude | (x & sign), x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Polynomial(Vector256<float> a)
    {
        Vector256<float> s = a * a;
        Vector256<float> p = Vector256.Create(C5);
        p = p * s + Vector256.Create(C4);
        p = p * s + Vector256.Create(C3);
        p = p * s + Vector256.Create(C2);
        p = p * s + Vector256.Create(C1);
        p = p * s + Vector256.Create(C0);
        return a + a * (s * p);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> ViaExp(Vector256<float> a)
    {
        a = Vector256.ConditionalSelect(Vector256.GreaterThan(a, Vector256.Create(Saturation)), Vector256.Create(Saturation), a);
        Vector256<float> v = a + a;
        Vector256<float> m = v * Vector256.Create(Log2E) + Vector256.Create(RoundingMagic);
        Vector256<float> k = m - Vector256.Create(RoundingMagic);
        Vector256<float> r = (v - k * Vector256.Create(Ln2Hi)) - k * Vector256.Create(Ln2Lo);
        Vector256<float> p = Vector256.Create(Inv7);
        p = p * r + Vector256.Create(Inv6);
        p = p * r + Vector256.Create(Inv5);
        p = p * r + Vector256.Create(Inv4);
        p = p * r + Vector256.Create(Inv3);
        p = p * r + Vector256.Create(Inv2);
        p = p * r + Vector256.Create(Inv1);
        p = p * r + Vector256.Create(Inv1);
        Vector256<float> twoToK = Vector256.ShiftLeft(m.AsInt32() - Vector256.Create(RoundingMagicBits - 127), 23).AsSingle();
        return Vector256.Create(1f) - Vector256.Create(2f) / (p * twoToK + Vector256.Create(1f));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Lanes(Vector128<float> x)
    {
        Vector128<float> sign = Vector128.Create(-0f);
        Vector128<float> a = Vector128.AndNot(x, sign);
        Vector128<float> small = Vector128.LessThan(a, Vector128.Create(PolynomialLimit));
        Vector128<float> magnitude = Vector128.EqualsAll(small.AsInt32(), Vector128<int>.AllBitsSet) ? Polynomial(a)
            : Vector128.EqualsAll(small.AsInt32(), Vector128<int>.Zero) ? ViaExp(a)
            : Vector128.ConditionalSelect(small, Polynomial(a), ViaExp(a));
        return Vector128.ConditionalSelect(Vector128.Equals(x, x), magnitude | (x & sign), x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Polynomial(Vector128<float> a)
    {
        Vector128<float> s = a * a;
        Vector128<float> p = Vector128.Create(C5);
        p = p * s + Vector128.Create(C4);
        p = p * s + Vector128.Create(C3);
        p = p * s + Vector128.Create(C2);
        p = p * s + Vector128.Create(C1);
        p = p * s + Vector128.Create(C0);
        return a + a * (s * p);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> ViaExp(Vector128<float> a)
    {
        a = Vector128.ConditionalSelect(Vector128.GreaterThan(a, Vector128.Create(Saturation)), Vector128.Create(Saturation), a);
        Vector128<float> v = a + a;
        Vector128<float> m = v * Vector128.Create(Log2E) + Vector128.Create(RoundingMagic);
        Vector128<float> k = m - Vector128.Create(RoundingMagic);
        Vector128<float> r = (v - k * Vector128.Create(Ln2Hi)) - k * Vector128.Create(Ln2Lo);
        Vector128<float> p = Vector128.Create(Inv7);
        p = p * r + Vector128.Create(Inv6);
        p = p * r + Vector128.Create(Inv5);
        p = p * r + Vector128.Create(Inv4);
        p = p * r + Vector128.Create(Inv3);
        p = p * r + Vector128.Create(Inv2);
        p = p * r + Vector128.Create(Inv1);
        p = p * r + Vector128.Create(Inv1);
        Vector128<float> twoToK = Vector128.ShiftLeft(m.AsInt32() - Vector128.Create(RoundingMagicBits - 127), 23).AsSingle();
        return Vector128.Create(1f) - Vector128.Create(2f) / (p * twoToK + Vector128.Create(1f));
    }
}
