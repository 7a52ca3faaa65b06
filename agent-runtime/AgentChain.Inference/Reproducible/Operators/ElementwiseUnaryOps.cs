using System.Numerics;

namespace AgentChain.Inference.Reproducible.Operators;

/// <summary>
/// One-input element-wise ops. Transcendentals are evaluated in double with <see cref="ReproducibleMath"/> and rounded
/// once to the element type, except float32 Tanh (<see cref="FloatTanh"/>); exact ops (abs, neg, relu, floor...) stay
/// in the element type.
/// </summary>
internal static class ElementwiseUnaryOps
{
    public static Tensor[] Relu(OpContext c, Tensor?[] x) => [Numeric(c, x, new ReluOp())];
    public static Tensor[] Abs(OpContext c, Tensor?[] x) => [Numeric(c, x, new AbsOp())];
    public static Tensor[] Neg(OpContext c, Tensor?[] x) => [Numeric(c, x, new NegOp())];
    public static Tensor[] Sign(OpContext c, Tensor?[] x) => [Numeric(c, x, new SignOp())];
    public static Tensor[] Identity(OpContext c, Tensor?[] x) => [c.Required(x, 0)];

    public static Tensor[] Exp(OpContext c, Tensor?[] x) => [Real(c, x, ReproducibleMath.Exp)];
    public static Tensor[] Log(OpContext c, Tensor?[] x) => [Real(c, x, ReproducibleMath.Log)];
    public static Tensor[] Tanh(OpContext c, Tensor?[] x)
    {
        // float32 (what models use) in float32 (FloatTanh: IEEE basic operations in a fixed order, within 1.2 ulp);
        // double and float16 through the double-precision function.
        if (c.Required(x, 0) is { Data: float[] values } t)
        {
            var result = new float[values.Length];
            FloatTanh.Apply(values, result);
            return [Tensor.FromArray(t.ElementType, t.ShapeToArray(), result)];
        }
        return [Real(c, x, ReproducibleMath.Tanh)];
    }
    public static Tensor[] Sigmoid(OpContext c, Tensor?[] x) => [Real(c, x, ReproducibleMath.Sigmoid)];
    // Square root, floor, ceil and reciprocal are correctly rounded IEEE operations: deterministic everywhere.
    public static Tensor[] Sqrt(OpContext c, Tensor?[] x) => [Real(c, x, Math.Sqrt)];
    public static Tensor[] Floor(OpContext c, Tensor?[] x) => [Real(c, x, Math.Floor)];
    public static Tensor[] Ceil(OpContext c, Tensor?[] x) => [Real(c, x, Math.Ceiling)];
    public static Tensor[] Round(OpContext c, Tensor?[] x) => [Real(c, x, v => Math.Round(v, MidpointRounding.ToEven))];
    public static Tensor[] Reciprocal(OpContext c, Tensor?[] x) => [Real(c, x, v => 1.0 / v)];
    public static Tensor[] Softplus(OpContext c, Tensor?[] x) => [Real(c, x, v => v > 0 ? v + ReproducibleMath.Log(1.0 + ReproducibleMath.Exp(-v)) : ReproducibleMath.Log(1.0 + ReproducibleMath.Exp(v)))];
    public static Tensor[] Softsign(OpContext c, Tensor?[] x) => [Real(c, x, v => v / (1.0 + Math.Abs(v)))];

    public static Tensor[] LeakyRelu(OpContext c, Tensor?[] x)
    {
        double alpha = c.Attributes.GetFloat("alpha", 0.01f);
        return [Real(c, x, v => v < 0 ? v * alpha : v)];
    }

    public static Tensor[] Elu(OpContext c, Tensor?[] x)
    {
        double alpha = c.Attributes.GetFloat("alpha", 1.0f);
        return [Real(c, x, v => v < 0 ? alpha * ReproducibleMath.ExpM1(v) : v)];
    }

    public static Tensor[] Selu(OpContext c, Tensor?[] x)
    {
        double alpha = c.Attributes.GetFloat("alpha", 1.67326319217681884765625f);
        double gamma = c.Attributes.GetFloat("gamma", 1.05070102214813232421875f);
        return [Real(c, x, v => v <= 0 ? gamma * (alpha * ReproducibleMath.Exp(v) - alpha) : gamma * v)];
    }

    public static Tensor[] HardSigmoid(OpContext c, Tensor?[] x)
    {
        double alpha = c.Attributes.GetFloat("alpha", 0.2f), beta = c.Attributes.GetFloat("beta", 0.5f);
        return [Real(c, x, v => Math.Max(0.0, Math.Min(1.0, alpha * v + beta)))];
    }

    public static Tensor[] ThresholdedRelu(OpContext c, Tensor?[] x)
    {
        double alpha = c.Attributes.GetFloat("alpha", 1f);
        return [Real(c, x, v => v > alpha ? v : 0)];
    }

    public static Tensor[] HardSwish(OpContext c, Tensor?[] x) => [Real(c, x, v => v * Math.Max(0.0, Math.Min(1.0, v / 6 + 0.5)))];

    public static Tensor[] Celu(OpContext c, Tensor?[] x)
    {
        double alpha = c.Attributes.GetFloat("alpha", 1f);
        return [Real(c, x, v => Math.Max(0, v) + Math.Min(0, alpha * ReproducibleMath.ExpM1(v / alpha)))];
    }

    public static Tensor[] Shrink(OpContext c, Tensor?[] x)
    {
        double lambd = c.Attributes.GetFloat("lambd", 0.5f), bias = c.Attributes.GetFloat("bias", 0f);
        Tensor t = c.Required(x, 0);
        Tensor d = CastOps.Convert(t, TensorElementType.Double);
        double[] r = Array.ConvertAll((double[])d.Data, v => v < -lambd ? v + bias : v > lambd ? v - bias : 0);
        return [CastOps.Convert(Tensor.FromArray(TensorElementType.Double, t.ShapeToArray(), r), t.ElementType)];
    }

    public static Tensor[] Not(OpContext c, Tensor?[] x)
    {
        Tensor t = c.Required(x, 0);
        bool[] source = (bool[])t.Data;
        var result = new bool[source.Length];
        for (int i = 0; i < result.Length; i++) result[i] = !source[i];
        return [Tensor.FromArray(TensorElementType.Bool, t.ShapeToArray(), result)];
    }

    /// <summary>Clip: bounds are attributes before opset 11, optional inputs from 11 on.</summary>
    public static Tensor[] Clip(OpContext c, Tensor?[] x)
    {
        Tensor t = c.Required(x, 0);
        if (c.OpsetVersion < 11)
        {
            double lo = c.Attributes.GetFloat("min", float.MinValue), hi = c.Attributes.GetFloat("max", float.MaxValue);
            return [Real(c, x, v => v < lo ? lo : v > hi ? hi : v)];
        }
        Tensor? min = OpContext.Optional(x, 1), max = OpContext.Optional(x, 2);
        Tensor result = t;
        if (min is not null) result = ElementwiseBinaryOps.Max(c, [result, min])[0];
        if (max is not null) result = ElementwiseBinaryOps.Min(c, [result, max])[0];
        return [result];
    }

    private static Tensor Real(OpContext c, Tensor?[] x, Func<double, double> f)
    {
        Tensor t = c.Required(x, 0);
        Array result = t.Data switch
        {
            float[] a => Array.ConvertAll(a, v => (float)f(v)),
            double[] a => Array.ConvertAll(a, v => f(v)),
            Half[] a => Array.ConvertAll(a, v => (Half)f((double)v)),
            _ => throw c.Error($"{c.Node.OpType} needs a floating-point input, got {t.ElementType}"),
        };
        return Tensor.FromArray(t.ElementType, t.ShapeToArray(), result);
    }

    private interface IUnary
    {
        T Apply<T>(T v) where T : INumber<T>;
    }

    private readonly struct ReluOp : IUnary { public T Apply<T>(T v) where T : INumber<T> => v < T.Zero ? T.Zero : v; }
    private readonly struct AbsOp : IUnary { public T Apply<T>(T v) where T : INumber<T> => T.Abs(v); }
    private readonly struct NegOp : IUnary { public T Apply<T>(T v) where T : INumber<T> => -v; }
    private readonly struct SignOp : IUnary { public T Apply<T>(T v) where T : INumber<T> => T.IsNaN(v) ? v : v > T.Zero ? T.One : v < T.Zero ? -T.One : T.Zero; }

    private static Tensor Numeric<TOp>(OpContext c, Tensor?[] x, TOp op) where TOp : struct, IUnary
    {
        Tensor t = c.Required(x, 0);
        Array result = t.Data switch
        {
            float[] a => Apply(a, op),
            double[] a => Apply(a, op),
            Half[] a => Apply(a, op),
            sbyte[] a when a.GetType() == typeof(sbyte[]) => Apply(a, op),
            short[] a when a.GetType() == typeof(short[]) => Apply(a, op),
            int[] a when a.GetType() == typeof(int[]) => Apply(a, op),
            long[] a when a.GetType() == typeof(long[]) => Apply(a, op),
            byte[] a when a.GetType() == typeof(byte[]) => Apply(a, op),
            ushort[] a when a.GetType() == typeof(ushort[]) => Apply(a, op),
            uint[] a when a.GetType() == typeof(uint[]) => Apply(a, op),
            ulong[] a when a.GetType() == typeof(ulong[]) => Apply(a, op),
            _ => throw c.Error($"{c.Node.OpType} is not defined for {t.ElementType}"),
        };
        return Tensor.FromArray(t.ElementType, t.ShapeToArray(), result);
    }

    private static T[] Apply<T, TOp>(T[] source, TOp op) where T : INumber<T> where TOp : struct, IUnary
    {
        var result = new T[source.Length];
        for (int i = 0; i < result.Length; i++) result[i] = op.Apply(source[i]);
        return result;
    }
}
