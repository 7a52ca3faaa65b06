namespace AgentChain.Inference.Reproducible.Operators;

/// <summary>
/// Cast between numeric and bool types. Floating sources go through double (exact for float and float16) and are
/// rounded once to the target; integer sources go through long (or ulong). Out-of-range float→integer casts are
/// undefined in ONNX; here they saturate and NaN becomes 0, so the result is the same on every CPU (a plain C#
/// cast of NaN differs between x64 and Arm).
/// </summary>
internal static class CastOps
{
    public static Tensor[] Cast(OpContext c, Tensor?[] x)
    {
        var to = (TensorElementType)c.Attributes.GetRequiredInt("to");
        return [Convert(c.Required(x, 0), to)];
    }

    public static Tensor[] CastLike(OpContext c, Tensor?[] x) => [Convert(c.Required(x, 0), c.Required(x, 1).ElementType)];

    public static Tensor Convert(Tensor t, TensorElementType to)
    {
        if (t.ElementType == to) return t;
        if (t.ElementType == TensorElementType.String || to == TensorElementType.String)
            throw new InferenceException($"casting {t.ElementType} to {to} (string casts) is not supported by the reproducible backend");
        long[] shape = t.ShapeToArray();
        Array result;
        if (t.Data is float[] or double[] or Half[])
        {
            double[] d = t.Data switch
            {
                float[] a => Array.ConvertAll(a, v => (double)v),
                double[] a => a,
                Half[] a => Array.ConvertAll(a, v => (double)v),
                _ => throw new InvalidOperationException(),
            };
            result = to switch
            {
                TensorElementType.Float => Array.ConvertAll(d, v => (float)v),
                TensorElementType.Double => (double[])d.Clone(),
                TensorElementType.Float16 => Array.ConvertAll(d, v => (Half)v),
                TensorElementType.Bool => Array.ConvertAll(d, v => v != 0),
                TensorElementType.UInt64 => Array.ConvertAll(d, ToUInt64),
                _ => FromInt64(Array.ConvertAll(d, ToInt64), to),
            };
        }
        else if (t.ElementType == TensorElementType.UInt64 && t.Data is ulong[] u)
        {
            result = to switch
            {
                TensorElementType.Float => Array.ConvertAll(u, v => (float)v),
                TensorElementType.Double => Array.ConvertAll(u, v => (double)v),
                TensorElementType.Float16 => Array.ConvertAll(u, v => (Half)(double)v),
                TensorElementType.Bool => Array.ConvertAll(u, v => v != 0),
                _ => FromInt64(Array.ConvertAll(u, v => unchecked((long)v)), to),
            };
        }
        else
        {
            long[] l = t.Data is bool[] b ? Array.ConvertAll(b, v => v ? 1L : 0L) : ElementTake.ToInt64(t);
            result = to switch
            {
                TensorElementType.Float => Array.ConvertAll(l, v => (float)v),
                TensorElementType.Double => Array.ConvertAll(l, v => (double)v),
                TensorElementType.Float16 => Array.ConvertAll(l, v => (Half)(double)v),
                TensorElementType.Bool => Array.ConvertAll(l, v => v != 0),
                _ => FromInt64(l, to),
            };
        }
        return Tensor.FromArray(to, shape, result);
    }

    private static long ToInt64(double v) =>
        double.IsNaN(v) ? 0 : v >= 9.2233720368547758e18 ? long.MaxValue : v <= -9.2233720368547758e18 ? long.MinValue : (long)v;

    private static ulong ToUInt64(double v) =>
        double.IsNaN(v) || v <= 0 ? 0 : v >= 1.8446744073709552e19 ? ulong.MaxValue : (ulong)v;

    /// <summary>Narrowing integer conversions wrap (two's complement), as in C and numpy.</summary>
    private static Array FromInt64(long[] l, TensorElementType to) => to switch
    {
        TensorElementType.Int64 => l,
        TensorElementType.Int32 => Array.ConvertAll(l, v => unchecked((int)v)),
        TensorElementType.Int16 => Array.ConvertAll(l, v => unchecked((short)v)),
        TensorElementType.Int8 => Array.ConvertAll(l, v => unchecked((sbyte)v)),
        TensorElementType.UInt64 => Array.ConvertAll(l, v => unchecked((ulong)v)),
        TensorElementType.UInt32 => Array.ConvertAll(l, v => unchecked((uint)v)),
        TensorElementType.UInt16 => Array.ConvertAll(l, v => unchecked((ushort)v)),
        TensorElementType.UInt8 => Array.ConvertAll(l, v => unchecked((byte)v)),
        _ => throw new InferenceException($"cannot cast to {to}"),
    };
}
