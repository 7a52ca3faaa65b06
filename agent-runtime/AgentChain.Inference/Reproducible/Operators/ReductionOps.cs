using System.Numerics;

namespace AgentChain.Inference.Reproducible.Operators;

/// <summary>
/// ReduceSum/Mean/Max/Min/Prod/SumSquare/L1/L2/LogSum/LogSumExp. The input is walked once in row-major order and
/// each element folded into its output slot, so every output sees its elements in ascending flat-index order — one
/// fixed sequential order, accumulated in the element type (log/exp variants in double).
/// </summary>
internal static class ReductionOps
{
    private enum Kind { Sum, Mean, Max, Min, Prod, SumSquare, L1, L2, LogSum, LogSumExp }

    public static Tensor[] ReduceSum(OpContext c, Tensor?[] x) => [Reduce(c, x, Kind.Sum)];
    public static Tensor[] ReduceMean(OpContext c, Tensor?[] x) => [Reduce(c, x, Kind.Mean)];
    public static Tensor[] ReduceMax(OpContext c, Tensor?[] x) => [Reduce(c, x, Kind.Max)];
    public static Tensor[] ReduceMin(OpContext c, Tensor?[] x) => [Reduce(c, x, Kind.Min)];
    public static Tensor[] ReduceProd(OpContext c, Tensor?[] x) => [Reduce(c, x, Kind.Prod)];
    public static Tensor[] ReduceSumSquare(OpContext c, Tensor?[] x) => [Reduce(c, x, Kind.SumSquare)];
    public static Tensor[] ReduceL1(OpContext c, Tensor?[] x) => [Reduce(c, x, Kind.L1)];
    public static Tensor[] ReduceL2(OpContext c, Tensor?[] x) => [Reduce(c, x, Kind.L2)];
    public static Tensor[] ReduceLogSum(OpContext c, Tensor?[] x) => [Reduce(c, x, Kind.LogSum)];
    public static Tensor[] ReduceLogSumExp(OpContext c, Tensor?[] x) => [Reduce(c, x, Kind.LogSumExp)];

    private static Tensor Reduce(OpContext c, Tensor?[] x, Kind kind)
    {
        Tensor t = c.Required(x, 0);
        // Axes moved from attribute to input in opset 13 for ReduceSum and opset 18 for the others.
        bool axesAsInput = c.Node.OpType == "ReduceSum" ? c.OpsetVersion >= 13 : c.OpsetVersion >= 18;
        long[]? axes = axesAsInput ? (OpContext.Optional(x, 1) is { } axesInput ? ElementTake.ToInt64(axesInput) : null) : c.Attributes.GetInts("axes");
        bool keepDims = c.Attributes.GetInt("keepdims", 1) != 0;
        bool noopWithEmptyAxes = c.Attributes.GetInt("noop_with_empty_axes", 0) != 0;
        if ((axes is null || axes.Length == 0) && noopWithEmptyAxes) return t;
        var reduced = new bool[t.Rank];
        if (axes is null || axes.Length == 0) Array.Fill(reduced, true);
        else foreach (long axis in axes) reduced[TensorShapes.Axis(axis, t.Rank, c)] = true;

        var outShape = new List<long>();
        var keptShape = new long[t.Rank];
        for (int d = 0; d < t.Rank; d++)
        {
            keptShape[d] = reduced[d] ? 1 : t.Shape[d];
            if (!reduced[d] || keepDims) outShape.Add(keptShape[d]);
        }
        // Output slot of each input element: the input walked with the output's strides, reduced axes stride 0.
        long[] outStrides = TensorShapes.Strides(keptShape);
        for (int d = 0; d < t.Rank; d++) if (reduced[d]) outStrides[d] = 0;
        int[] slot = TensorShapes.Gather(t.Shape, outStrides, 0);
        int outCount = TensorShapes.Size(keptShape);
        long perSlot = outCount == 0 ? 0 : t.ElementCount / outCount;

        if (kind is Kind.L2 or Kind.LogSum or Kind.LogSumExp)
        {
            Tensor d = CastOps.Convert(t, TensorElementType.Double);
            double[] r = ReduceDouble((double[])d.Data, slot, outCount, kind);
            return CastOps.Convert(Tensor.FromArray(TensorElementType.Double, outShape.ToArray(), r), t.ElementType);
        }
        Array result = t.Data switch
        {
            float[] a => Fold(a, slot, outCount, perSlot, kind),
            double[] a => Fold(a, slot, outCount, perSlot, kind),
            Half[] a => Fold(a, slot, outCount, perSlot, kind),
            sbyte[] a when a.GetType() == typeof(sbyte[]) => Fold(a, slot, outCount, perSlot, kind),
            short[] a when a.GetType() == typeof(short[]) => Fold(a, slot, outCount, perSlot, kind),
            int[] a when a.GetType() == typeof(int[]) => Fold(a, slot, outCount, perSlot, kind),
            long[] a when a.GetType() == typeof(long[]) => Fold(a, slot, outCount, perSlot, kind),
            byte[] a when a.GetType() == typeof(byte[]) => Fold(a, slot, outCount, perSlot, kind),
            ushort[] a when a.GetType() == typeof(ushort[]) => Fold(a, slot, outCount, perSlot, kind),
            uint[] a when a.GetType() == typeof(uint[]) => Fold(a, slot, outCount, perSlot, kind),
            ulong[] a when a.GetType() == typeof(ulong[]) => Fold(a, slot, outCount, perSlot, kind),
            _ => throw c.Error($"{c.Node.OpType} is not defined for {t.ElementType}"),
        };
        return Tensor.FromArray(t.ElementType, outShape.ToArray(), result);
    }

    private static T[] Fold<T>(T[] data, int[] slot, int outCount, long perSlot, Kind kind) where T : INumber<T>, IMinMaxValue<T>
    {
        var acc = new T[outCount];
        var seen = new bool[outCount];
        if (kind == Kind.Prod) Array.Fill(acc, T.One);
        if (kind == Kind.Max) Array.Fill(acc, T.MinValue);
        if (kind == Kind.Min) Array.Fill(acc, T.MaxValue);
        for (int i = 0; i < data.Length; i++)
        {
            T v = data[i];
            int o = slot[i];
            switch (kind)
            {
                case Kind.Sum or Kind.Mean: acc[o] += v; break;
                case Kind.Prod: acc[o] *= v; break;
                case Kind.SumSquare: acc[o] += v * v; break;
                case Kind.L1: acc[o] += T.Abs(v); break;
                case Kind.Max: acc[o] = !seen[o] || T.IsNaN(v) || v > acc[o] ? (T.IsNaN(acc[o]) && seen[o] ? acc[o] : v) : acc[o]; break;
                case Kind.Min: acc[o] = !seen[o] || T.IsNaN(v) || v < acc[o] ? (T.IsNaN(acc[o]) && seen[o] ? acc[o] : v) : acc[o]; break;
            }
            seen[o] = true;
        }
        if (kind == Kind.Mean)
        {
            T count = T.CreateTruncating(perSlot);
            for (int o = 0; o < outCount; o++) acc[o] /= count;
        }
        return acc;
    }

    private static double[] ReduceDouble(double[] data, int[] slot, int outCount, Kind kind)
    {
        var acc = new double[outCount];
        for (int i = 0; i < data.Length; i++)
        {
            double v = data[i];
            acc[slot[i]] += kind switch { Kind.L2 => v * v, Kind.LogSumExp => ReproducibleMath.Exp(v), _ => v };
        }
        for (int o = 0; o < outCount; o++)
            acc[o] = kind == Kind.L2 ? Math.Sqrt(acc[o]) : ReproducibleMath.Log(acc[o]);
        return acc;
    }
}
