using System.Numerics;

namespace AgentChain.Inference.Reproducible.Operators;

/// <summary>Gather (negative indices allowed, bounds checked) and ArgMax/ArgMin (first or last index of the extreme).</summary>
internal static class IndexOps
{
    public static Tensor[] Gather(OpContext c, Tensor?[] x)
    {
        Tensor data = c.Required(x, 0), indices = c.Required(x, 1);
        int axis = TensorShapes.Axis(c.Attributes.GetInt("axis", 0), data.Rank, c);
        long[] idx = ElementTake.ToInt64(indices);
        long dim = data.Shape[axis];
        long outer = 1, inner = 1;
        for (int d = 0; d < axis; d++) outer *= data.Shape[d];
        for (int d = axis + 1; d < data.Rank; d++) inner *= data.Shape[d];
        var shape = new List<long>();
        shape.AddRange(data.Shape[..axis].ToArray());
        shape.AddRange(indices.ShapeToArray());
        shape.AddRange(data.Shape[(axis + 1)..].ToArray());
        var map = new int[checked(outer * idx.Length * inner)];
        int o = 0;
        for (long a = 0; a < outer; a++)
            foreach (long raw in idx)
            {
                long i = raw < 0 ? raw + dim : raw;
                if (i < 0 || i >= dim) throw c.Error($"index {raw} is out of range for axis {axis} of size {dim}");
                long start = (a * dim + i) * inner;
                for (long j = 0; j < inner; j++) map[o++] = (int)(start + j);
            }
        return [ElementTake.Take(data, map, shape.ToArray())];
    }

    public static Tensor[] ArgMax(OpContext c, Tensor?[] x) => [Arg(c, x, max: true)];

    public static Tensor[] ArgMin(OpContext c, Tensor?[] x) => [Arg(c, x, max: false)];

    private static Tensor Arg(OpContext c, Tensor?[] x, bool max)
    {
        Tensor t = c.Required(x, 0);
        return t.Data switch
        {
            float[] a => Arg(c, t, a, max),
            double[] a => Arg(c, t, a, max),
            Half[] a => Arg(c, t, a, max),
            sbyte[] a when a.GetType() == typeof(sbyte[]) => Arg(c, t, a, max),
            short[] a when a.GetType() == typeof(short[]) => Arg(c, t, a, max),
            int[] a when a.GetType() == typeof(int[]) => Arg(c, t, a, max),
            long[] a when a.GetType() == typeof(long[]) => Arg(c, t, a, max),
            byte[] a when a.GetType() == typeof(byte[]) => Arg(c, t, a, max),
            ushort[] a when a.GetType() == typeof(ushort[]) => Arg(c, t, a, max),
            uint[] a when a.GetType() == typeof(uint[]) => Arg(c, t, a, max),
            ulong[] a when a.GetType() == typeof(ulong[]) => Arg(c, t, a, max),
            _ => throw c.Error($"{c.Node.OpType} is not defined for {t.ElementType}"),
        };
    }

    private static Tensor Arg<T>(OpContext c, Tensor t, T[] data, bool max) where T : INumber<T>
    {
        int axis = TensorShapes.Axis(c.Attributes.GetInt("axis", 0), t.Rank, c);
        bool keepDims = c.Attributes.GetInt("keepdims", 1) != 0, last = c.Attributes.GetInt("select_last_index", 0) != 0;
        long dim = t.Shape[axis], outer = 1, inner = 1;
        for (int d = 0; d < axis; d++) outer *= t.Shape[d];
        for (int d = axis + 1; d < t.Rank; d++) inner *= t.Shape[d];
        var result = new long[outer * inner];
        for (long o = 0; o < outer; o++)
            for (long i = 0; i < inner; i++)
            {
                long best = 0;
                T bestValue = data[o * dim * inner + i];
                for (long j = 1; j < dim; j++)
                {
                    T v = data[(o * dim + j) * inner + i];
                    bool better = max ? (last ? v >= bestValue : v > bestValue) : (last ? v <= bestValue : v < bestValue);
                    if (better)
                    {
                        best = j;
                        bestValue = v;
                    }
                }
                result[o * inner + i] = best;
            }
        long[] shape = t.ShapeToArray();
        if (keepDims) shape[axis] = 1;
        else shape = shape.Where((_, d) => d != axis).ToArray();
        return Tensor.FromArray(TensorElementType.Int64, shape, result);
    }
}
