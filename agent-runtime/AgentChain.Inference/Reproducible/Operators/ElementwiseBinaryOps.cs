using System.Numerics;

namespace AgentChain.Inference.Reproducible.Operators;

/// <summary>Add, Sub, Mul, Div, Pow, Min/Max/Sum/Mean, comparisons and logic, all with numpy broadcasting. Each output element is one operation on its two inputs, so there is no order to fix.</summary>
internal static class ElementwiseBinaryOps
{
    private interface IArithmetic
    {
        static abstract T Apply<T>(T a, T b) where T : INumber<T>;
    }

    private readonly struct AddOp : IArithmetic { public static T Apply<T>(T a, T b) where T : INumber<T> => a + b; }
    private readonly struct SubOp : IArithmetic { public static T Apply<T>(T a, T b) where T : INumber<T> => a - b; }
    private readonly struct MulOp : IArithmetic { public static T Apply<T>(T a, T b) where T : INumber<T> => a * b; }
    private readonly struct DivOp : IArithmetic { public static T Apply<T>(T a, T b) where T : INumber<T> => a / b; }
    // numpy-style max/min: a NaN in either operand gives NaN.
    private readonly struct MaxOp : IArithmetic { public static T Apply<T>(T a, T b) where T : INumber<T> => T.IsNaN(a) || T.IsNaN(b) ? (T.IsNaN(a) ? a : b) : (a >= b ? a : b); }
    private readonly struct MinOp : IArithmetic { public static T Apply<T>(T a, T b) where T : INumber<T> => T.IsNaN(a) || T.IsNaN(b) ? (T.IsNaN(a) ? a : b) : (a <= b ? a : b); }

    public static Tensor[] Add(OpContext c, Tensor?[] x) => [Arithmetic<AddOp>(c.Required(x, 0), c.Required(x, 1))];
    public static Tensor[] Sub(OpContext c, Tensor?[] x) => [Arithmetic<SubOp>(c.Required(x, 0), c.Required(x, 1))];
    public static Tensor[] Mul(OpContext c, Tensor?[] x) => [Arithmetic<MulOp>(c.Required(x, 0), c.Required(x, 1))];
    public static Tensor[] Div(OpContext c, Tensor?[] x) => [Arithmetic<DivOp>(c.Required(x, 0), c.Required(x, 1))];

    /// <summary>Variadic Max/Min/Sum/Mean: folded left to right, so the order is the node's input order.</summary>
    public static Tensor[] Max(OpContext c, Tensor?[] x) => [Fold<MaxOp>(c, x)];
    public static Tensor[] Min(OpContext c, Tensor?[] x) => [Fold<MinOp>(c, x)];
    public static Tensor[] Sum(OpContext c, Tensor?[] x) => [Fold<AddOp>(c, x)];

    public static Tensor[] Mean(OpContext c, Tensor?[] x)
    {
        Tensor sum = Fold<AddOp>(c, x);
        Tensor count = CastOps.Convert(Tensor.Scalar((double)x.Length), sum.ElementType);
        return [Arithmetic<DivOp>(sum, count)];
    }

    private static Tensor Fold<TOp>(OpContext c, Tensor?[] x) where TOp : IArithmetic
    {
        Tensor acc = c.Required(x, 0);
        for (int i = 1; i < x.Length; i++) acc = Arithmetic<TOp>(acc, c.Required(x, i));
        return acc;
    }

    public static Tensor[] Pow(OpContext c, Tensor?[] x)
    {
        Tensor a = c.Required(x, 0), b = c.Required(x, 1);
        // The exponent may have another type (opset 12+); compute in double and round once to the base's type.
        Tensor ad = CastOps.Convert(a, TensorElementType.Double), bd = CastOps.Convert(b, TensorElementType.Double);
        Tensor r = Map(ad, bd, (double p, double q) => ReproducibleMath.Pow(p, q), TensorElementType.Double);
        return [CastOps.Convert(r, a.ElementType)];
    }

    public static Tensor[] Equal(OpContext c, Tensor?[] x) => [Compare(c, x, 0)];
    public static Tensor[] Less(OpContext c, Tensor?[] x) => [Compare(c, x, 1)];
    public static Tensor[] LessOrEqual(OpContext c, Tensor?[] x) => [Compare(c, x, 2)];
    public static Tensor[] Greater(OpContext c, Tensor?[] x) => [Compare(c, x, 3)];
    public static Tensor[] GreaterOrEqual(OpContext c, Tensor?[] x) => [Compare(c, x, 4)];

    public static Tensor[] And(OpContext c, Tensor?[] x) => [Map(c.Required(x, 0), c.Required(x, 1), (bool p, bool q) => p & q, TensorElementType.Bool)];
    public static Tensor[] Or(OpContext c, Tensor?[] x) => [Map(c.Required(x, 0), c.Required(x, 1), (bool p, bool q) => p | q, TensorElementType.Bool)];
    public static Tensor[] Xor(OpContext c, Tensor?[] x) => [Map(c.Required(x, 0), c.Required(x, 1), (bool p, bool q) => p ^ q, TensorElementType.Bool)];

    public static Tensor[] Where(OpContext c, Tensor?[] x)
    {
        Tensor cond = c.Required(x, 0), a = c.Required(x, 1), b = c.Required(x, 2);
        long[] shape = TensorShapes.Broadcast(TensorShapes.Broadcast(cond.Shape, a.Shape), b.Shape);
        int[] ci = TensorShapes.BroadcastIndex(cond.Shape, shape), ai = TensorShapes.BroadcastIndex(a.Shape, shape), bi = TensorShapes.BroadcastIndex(b.Shape, shape);
        bool[] cd = cond.AsSpan<bool>().ToArray();
        var map = new int[ci.Length];
        // Concatenate a and b so one take serves both: indices into b are offset by a's length.
        Array both = Array.CreateInstance(a.Data.GetType().GetElementType()!, a.Data.Length + b.Data.Length);
        Array.Copy(a.Data, both, a.Data.Length);
        Array.Copy(b.Data, 0, both, a.Data.Length, b.Data.Length);
        for (int i = 0; i < map.Length; i++) map[i] = cd[ci[i]] ? ai[i] : a.Data.Length + bi[i];
        return [Tensor.FromArray(a.ElementType, shape, ElementTake.Take(both, map))];
    }

    private static Tensor Compare(OpContext c, Tensor?[] x, int kind)
    {
        Tensor a = c.Required(x, 0), b = c.Required(x, 1);
        if (a.ElementType != b.ElementType) throw c.Error($"operands differ in type ({a.ElementType} vs {b.ElementType})");
        return a.Data switch
        {
            float[] => CompareTyped<float>(a, b, kind),
            double[] => CompareTyped<double>(a, b, kind),
            Half[] => CompareTyped<Half>(a, b, kind),
            sbyte[] exact when exact.GetType() == typeof(sbyte[]) => CompareTyped<sbyte>(a, b, kind),
            short[] exact when exact.GetType() == typeof(short[]) => CompareTyped<short>(a, b, kind),
            int[] exact when exact.GetType() == typeof(int[]) => CompareTyped<int>(a, b, kind),
            long[] exact when exact.GetType() == typeof(long[]) => CompareTyped<long>(a, b, kind),
            byte[] exact when exact.GetType() == typeof(byte[]) => CompareTyped<byte>(a, b, kind),
            ushort[] exact when exact.GetType() == typeof(ushort[]) => CompareTyped<ushort>(a, b, kind),
            uint[] exact when exact.GetType() == typeof(uint[]) => CompareTyped<uint>(a, b, kind),
            ulong[] exact when exact.GetType() == typeof(ulong[]) => CompareTyped<ulong>(a, b, kind),
            bool[] when kind == 0 => Map(a, b, (bool p, bool q) => p == q, TensorElementType.Bool),
            string[] when kind == 0 => Map(a, b, (string p, string q) => string.Equals(p, q, StringComparison.Ordinal), TensorElementType.Bool),
            _ => throw c.Error($"comparison not defined for {a.ElementType}"),
        };
    }

    private static Tensor CompareTyped<T>(Tensor a, Tensor b, int kind) where T : INumber<T> => kind switch
    {
        0 => Map(a, b, (T p, T q) => p == q, TensorElementType.Bool),
        1 => Map(a, b, (T p, T q) => p < q, TensorElementType.Bool),
        2 => Map(a, b, (T p, T q) => p <= q, TensorElementType.Bool),
        3 => Map(a, b, (T p, T q) => p > q, TensorElementType.Bool),
        _ => Map(a, b, (T p, T q) => p >= q, TensorElementType.Bool),
    };

    private static Tensor Arithmetic<TOp>(Tensor a, Tensor b) where TOp : IArithmetic
    {
        if (a.ElementType != b.ElementType)
            throw new InferenceException($"operands differ in element type ({a.ElementType} vs {b.ElementType})");
        return a.Data switch
        {
            float[] => Broadcast<float, TOp>(a, b),
            double[] => Broadcast<double, TOp>(a, b),
            Half[] => Broadcast<Half, TOp>(a, b),
            sbyte[] exact when exact.GetType() == typeof(sbyte[]) => Broadcast<sbyte, TOp>(a, b),
            short[] exact when exact.GetType() == typeof(short[]) => Broadcast<short, TOp>(a, b),
            int[] exact when exact.GetType() == typeof(int[]) => Broadcast<int, TOp>(a, b),
            long[] exact when exact.GetType() == typeof(long[]) => Broadcast<long, TOp>(a, b),
            byte[] exact when exact.GetType() == typeof(byte[]) => Broadcast<byte, TOp>(a, b),
            ushort[] exact when exact.GetType() == typeof(ushort[]) => Broadcast<ushort, TOp>(a, b),
            uint[] exact when exact.GetType() == typeof(uint[]) => Broadcast<uint, TOp>(a, b),
            ulong[] exact when exact.GetType() == typeof(ulong[]) => Broadcast<ulong, TOp>(a, b),
            _ => throw new InferenceException($"arithmetic is not defined for {a.ElementType} tensors"),
        };
    }

    private static Tensor Broadcast<T, TOp>(Tensor a, Tensor b) where T : INumber<T> where TOp : IArithmetic
    {
        T[] x = (T[])a.Data, y = (T[])b.Data;
        if (a.Shape.SequenceEqual(b.Shape))
        {
            var same = new T[x.Length];
            Rows<T, TOp>(x, y, same, x.Length, aRepeats: false, bRepeats: false);
            return Tensor.FromArray(a.ElementType, a.ShapeToArray(), same);
        }
        // The common model case (a bias or a per-feature scale over a batch): one operand repeats along the other's
        // leading dimensions. Walk it row by row instead of building index maps.
        if (y.Length > 0 && RepeatsAlongLeadingDimensions(b.Shape, a.Shape))
        {
            var rows = new T[x.Length];
            Rows<T, TOp>(x, y, rows, y.Length, aRepeats: false, bRepeats: true);
            return Tensor.FromArray(a.ElementType, a.ShapeToArray(), rows);
        }
        if (x.Length > 0 && RepeatsAlongLeadingDimensions(a.Shape, b.Shape))
        {
            var rows = new T[y.Length];
            Rows<T, TOp>(x, y, rows, x.Length, aRepeats: true, bRepeats: false);
            return Tensor.FromArray(a.ElementType, b.ShapeToArray(), rows);
        }
        long[] shape = TensorShapes.Broadcast(a.Shape, b.Shape);
        int[] ai = TensorShapes.BroadcastIndex(a.Shape, shape), bi = TensorShapes.BroadcastIndex(b.Shape, shape);
        var result = new T[ai.Length];
        for (int i = 0; i < result.Length; i++) result[i] = TOp.Apply(x[ai[i]], y[bi[i]]);
        return Tensor.FromArray(a.ElementType, shape, result);
    }

    /// <summary>
    /// True when broadcasting <paramref name="small"/> to <paramref name="large"/> just repeats it whole: after its
    /// leading 1s, <paramref name="small"/> equals the trailing dimensions of <paramref name="large"/>.
    /// </summary>
    private static bool RepeatsAlongLeadingDimensions(ReadOnlySpan<long> small, ReadOnlySpan<long> large)
    {
        int lead = 0;
        while (lead < small.Length && small[lead] == 1) lead++;
        ReadOnlySpan<long> core = small[lead..];
        return small.Length <= large.Length && core.SequenceEqual(large[(large.Length - core.Length)..]);
    }

    /// <summary>
    /// r[i] = op(x[i], y[i]) over r, where an operand that repeats is read modulo its length (<paramref name="width"/>).
    /// float and double add, subtract, multiply and divide run on vectors: each lane is the same single IEEE operation
    /// as the scalar loop, so the bits are the same.
    /// </summary>
    private static void Rows<T, TOp>(T[] x, T[] y, T[] r, int width, bool aRepeats, bool bRepeats) where T : INumber<T> where TOp : IArithmetic
    {
        for (int start = 0; start < r.Length; start += width)
        {
            ReadOnlySpan<T> xs = aRepeats ? x : x.AsSpan(start, width), ys = bRepeats ? y : y.AsSpan(start, width);
            Span<T> rs = r.AsSpan(start, width);
            int i = 0;
            if (Vector.IsHardwareAccelerated && (typeof(T) == typeof(float) || typeof(T) == typeof(double))
                && (typeof(TOp) == typeof(AddOp) || typeof(TOp) == typeof(SubOp) || typeof(TOp) == typeof(MulOp) || typeof(TOp) == typeof(DivOp)))
            {
                for (; i + Vector<T>.Count <= width; i += Vector<T>.Count)
                {
                    Vector<T> p = new(xs[i..]), q = new(ys[i..]);
                    Vector<T> v = typeof(TOp) == typeof(AddOp) ? p + q : typeof(TOp) == typeof(SubOp) ? p - q : typeof(TOp) == typeof(MulOp) ? p * q : p / q;
                    v.CopyTo(rs[i..]);
                }
            }
            for (; i < width; i++) rs[i] = TOp.Apply(xs[i], ys[i]);
        }
    }

    private static Tensor Map<TIn, TOut>(Tensor a, Tensor b, Func<TIn, TIn, TOut> f, TensorElementType outType)
    {
        TIn[] x = (TIn[])a.Data, y = (TIn[])b.Data;
        long[] shape = TensorShapes.Broadcast(a.Shape, b.Shape);
        int[] ai = TensorShapes.BroadcastIndex(a.Shape, shape), bi = TensorShapes.BroadcastIndex(b.Shape, shape);
        var result = new TOut[ai.Length];
        for (int i = 0; i < result.Length; i++) result[i] = f(x[ai[i]], y[bi[i]]);
        return Tensor.FromArray(outType, shape, result);
    }
}
