namespace AgentChain.Inference.Reproducible.Operators;

/// <summary>Less common ops that models exported from other frameworks still use: Split, Tile, Range, Pad, CumSum, PRelu, IsNaN, IsInf and friends.</summary>
internal static class ExtraOps
{
    public static Tensor[] Split(OpContext c, Tensor?[] x)
    {
        Tensor t = c.Required(x, 0);
        int axis = TensorShapes.Axis(c.Attributes.GetInt("axis", 0), t.Rank, c);
        long[]? sizes = c.OpsetVersion >= 13 ? (OpContext.Optional(x, 1) is { } s ? ElementTake.ToInt64(s) : null) : c.Attributes.GetInts("split");
        int parts = c.OutputCount;
        long dim = t.Shape[axis];
        if (sizes is null)
        {
            // Equal parts; from opset 18 the last may be smaller, earlier it must divide evenly.
            long each = (dim + parts - 1) / parts;
            sizes = Enumerable.Range(0, parts).Select(i => Math.Max(0, Math.Min(each, dim - i * each))).ToArray();
        }
        if (sizes.Length != parts || sizes.Sum() != dim) throw c.Error($"split sizes [{string.Join(",", sizes)}] do not partition axis {axis} of {t} into {parts} outputs");
        var result = new Tensor[parts];
        long start = 0;
        for (int i = 0; i < parts; i++)
        {
            result[i] = ShapeOps.Slice(c, [t, Tensor.Create(new[] { start }, 1), Tensor.Create(new[] { start + sizes[i] }, 1), Tensor.Create(new long[] { axis }, 1)], sliceInputs: true)[0];
            start += sizes[i];
        }
        return result;
    }

    public static Tensor[] Tile(OpContext c, Tensor?[] x)
    {
        Tensor t = c.Required(x, 0);
        long[] repeats = ElementTake.ToInt64(c.Required(x, 1));
        if (repeats.Length != t.Rank) throw c.Error($"repeats has {repeats.Length} entries for rank {t.Rank}");
        long[] shape = t.ShapeToArray().Select((d, i) => d * repeats[i]).ToArray();
        long[] strides = TensorShapes.Strides(t.Shape);
        int n = TensorShapes.Size(shape);
        var map = new int[n];
        for (int i = 0; i < n; i++)
        {
            long rem = i, src = 0;
            for (int d = t.Rank - 1; d >= 0; d--)
            {
                long coordinate = rem % shape[d];
                rem /= shape[d];
                src += coordinate % t.Shape[d] * strides[d];
            }
            map[i] = (int)src;
        }
        return [ElementTake.Take(t, map, shape)];
    }

    public static Tensor[] Range(OpContext c, Tensor?[] x)
    {
        Tensor start = c.Required(x, 0);
        double s = Scalar(c.Required(x, 0)), limit = Scalar(c.Required(x, 1)), delta = Scalar(c.Required(x, 2));
        if (delta == 0) throw c.Error("Range delta is 0");
        long n = Math.Max(0, (long)Math.Ceiling((limit - s) / delta));
        // Element i is start + i·delta computed in the element type, as the spec's reference loop accumulates it.
        Tensor count = CastOps.Convert(Tensor.Create(Enumerable.Range(0, (int)n).Select(i => (double)i).ToArray(), n), start.ElementType);
        Tensor deltaT = CastOps.Convert(c.Required(x, 2), start.ElementType);
        return ElementwiseBinaryOps.Add(c, [ElementwiseBinaryOps.Mul(c, [count, deltaT])[0], start]);
    }

    public static Tensor[] CumSum(OpContext c, Tensor?[] x)
    {
        Tensor t = c.Required(x, 0);
        int axis = TensorShapes.Axis(ElementTake.ToInt64(c.Required(x, 1))[0], t.Rank, c);
        bool exclusive = c.Attributes.GetInt("exclusive", 0) != 0, reverse = c.Attributes.GetInt("reverse", 0) != 0;
        long dim = t.Shape[axis], outer = 1, inner = 1;
        for (int d = 0; d < axis; d++) outer *= t.Shape[d];
        for (int d = axis + 1; d < t.Rank; d++) inner *= t.Shape[d];
        Array result = t.Data switch
        {
            float[] a => Scan(a, outer, dim, inner, exclusive, reverse),
            double[] a => Scan(a, outer, dim, inner, exclusive, reverse),
            int[] a when a.GetType() == typeof(int[]) => Scan(a, outer, dim, inner, exclusive, reverse),
            long[] a when a.GetType() == typeof(long[]) => Scan(a, outer, dim, inner, exclusive, reverse),
            _ => throw c.Error($"CumSum is not defined for {t.ElementType}"),
        };
        return [Tensor.FromArray(t.ElementType, t.ShapeToArray(), result)];
    }

    private static T[] Scan<T>(T[] a, long outer, long dim, long inner, bool exclusive, bool reverse) where T : System.Numerics.INumber<T>
    {
        var y = new T[a.Length];
        for (long o = 0; o < outer; o++)
            for (long i = 0; i < inner; i++)
            {
                T acc = T.Zero;
                for (long step = 0; step < dim; step++)
                {
                    long j = reverse ? dim - 1 - step : step;
                    long at = (o * dim + j) * inner + i;
                    if (exclusive) { y[at] = acc; acc += a[at]; }
                    else { acc += a[at]; y[at] = acc; }
                }
            }
        return y;
    }

    public static Tensor[] Pad(OpContext c, Tensor?[] x)
    {
        Tensor t = c.Required(x, 0);
        string mode = c.Attributes.GetString("mode", "constant");
        long[] pads = c.OpsetVersion >= 11 ? ElementTake.ToInt64(c.Required(x, 1)) : c.Attributes.GetInts("pads") ?? throw c.Error("attribute 'pads' is missing");
        if (pads.Length != 2 * t.Rank) throw c.Error($"pads has {pads.Length} entries for rank {t.Rank}");
        if (pads.Any(p => p < 0)) throw c.Error("negative pads are not supported by the reproducible backend");
        Tensor fill = c.OpsetVersion >= 11
            ? (OpContext.Optional(x, 2) is { } v ? v : CastOps.Convert(Tensor.Scalar(0.0), t.ElementType))
            : CastOps.Convert(Tensor.Scalar((double)c.Attributes.GetFloat("value", 0)), t.ElementType);
        long[] shape = t.ShapeToArray().Select((d, i) => d + pads[i] + pads[i + t.Rank]).ToArray();
        long[] strides = TensorShapes.Strides(t.Shape);
        int n = TensorShapes.Size(shape);
        var map = new int[n];
        // Index t.ElementCount means "the fill value", appended after the data.
        for (int i = 0; i < n; i++)
        {
            long rem = i, src = 0;
            bool outside = false;
            for (int d = t.Rank - 1; d >= 0; d--)
            {
                long p = rem % shape[d] - pads[d];
                rem /= shape[d];
                long size = t.Shape[d];
                if (p < 0 || p >= size)
                {
                    switch (mode)
                    {
                        case "constant": outside = true; break;
                        case "edge": p = p < 0 ? 0 : size - 1; break;
                        case "reflect":
                            if (size == 1) { p = 0; break; }
                            long period = 2 * (size - 1);
                            p = ((p % period) + period) % period;
                            if (p >= size) p = period - p;
                            break;
                        default: throw c.Error($"unknown pad mode '{mode}'");
                    }
                }
                src += p * strides[d];
            }
            map[i] = outside ? (int)t.ElementCount : (int)src;
        }
        Array extended = Array.CreateInstance(t.Data.GetType().GetElementType()!, t.ElementCount + 1);
        Array.Copy(t.Data, extended, t.ElementCount);
        Array.Copy(fill.Data, 0, extended, t.ElementCount, 1);
        return [Tensor.FromArray(t.ElementType, shape, ElementTake.Take(extended, map))];
    }

    public static Tensor[] PRelu(OpContext c, Tensor?[] x)
    {
        Tensor t = c.Required(x, 0), slope = c.Required(x, 1);
        Tensor product = ElementwiseBinaryOps.Mul(c, [t, slope])[0];
        Tensor negative = ElementwiseBinaryOps.Less(c, [t, CastOps.Convert(Tensor.Scalar(0.0), t.ElementType)])[0];
        return ElementwiseBinaryOps.Where(c, [negative, product, ElementTake.Take(t, TensorShapes.BroadcastIndex(t.Shape, product.Shape), product.ShapeToArray())]);
    }

    public static Tensor[] IsNaN(OpContext c, Tensor?[] x) => [Predicate(c, x, double.IsNaN)];

    public static Tensor[] IsInf(OpContext c, Tensor?[] x)
    {
        bool positive = c.Attributes.GetInt("detect_positive", 1) != 0, negative = c.Attributes.GetInt("detect_negative", 1) != 0;
        return [Predicate(c, x, v => (positive && double.IsPositiveInfinity(v)) || (negative && double.IsNegativeInfinity(v)))];
    }

    private static Tensor Predicate(OpContext c, Tensor?[] x, Func<double, bool> f)
    {
        Tensor t = c.Required(x, 0);
        double[] d = (double[])CastOps.Convert(t, TensorElementType.Double).Data;
        return Tensor.FromArray(TensorElementType.Bool, t.ShapeToArray(), Array.ConvertAll(d, v => f(v)));
    }

    private static double Scalar(Tensor t) => ((double[])CastOps.Convert(t, TensorElementType.Double).Data)[0];
}
