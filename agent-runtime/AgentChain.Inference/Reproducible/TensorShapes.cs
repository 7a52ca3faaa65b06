namespace AgentChain.Inference.Reproducible;

/// <summary>Shape arithmetic shared by the kernels: sizes, row-major strides, numpy broadcasting, axis normalisation.</summary>
internal static class TensorShapes
{
    public static int Size(ReadOnlySpan<long> shape)
    {
        long n = 1;
        foreach (long d in shape) n = checked(n * d);
        return checked((int)n);
    }

    public static long[] Strides(ReadOnlySpan<long> shape)
    {
        var strides = new long[shape.Length];
        long s = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= shape[i];
        }
        return strides;
    }

    /// <summary>Numpy multidirectional broadcasting: align from the right; each pair of dims must be equal or one of them 1.</summary>
    public static long[] Broadcast(ReadOnlySpan<long> a, ReadOnlySpan<long> b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new long[rank];
        for (int i = 0; i < rank; i++)
        {
            long da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            long db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new InferenceException($"shapes [{string.Join(",", a.ToArray())}] and [{string.Join(",", b.ToArray())}] cannot be broadcast (dimension {i}: {da} vs {db})");
            result[i] = da == 1 ? db : da;
        }
        return result;
    }

    /// <summary>Strides of <paramref name="shape"/> viewed as <paramref name="outShape"/> (right-aligned); broadcast dims get stride 0.</summary>
    public static long[] BroadcastStrides(ReadOnlySpan<long> shape, ReadOnlySpan<long> outShape)
    {
        long[] own = Strides(shape);
        var result = new long[outShape.Length];
        int offset = outShape.Length - shape.Length;
        for (int i = 0; i < shape.Length; i++)
            result[i + offset] = shape[i] == 1 && outShape[i + offset] != 1 ? 0 : own[i];
        return result;
    }

    /// <summary>For each element of <paramref name="outShape"/> in row-major order, the flat index it reads from a tensor of <paramref name="shape"/> broadcast to it.</summary>
    public static int[] BroadcastIndex(ReadOnlySpan<long> shape, ReadOnlySpan<long> outShape)
    {
        long[] strides = BroadcastStrides(shape, outShape);
        return Gather(outShape, strides, 0);
    }

    /// <summary>Flat source indices for walking <paramref name="shape"/> in row-major order with arbitrary source <paramref name="strides"/>.</summary>
    public static int[] Gather(ReadOnlySpan<long> shape, ReadOnlySpan<long> strides, long start)
    {
        int n = Size(shape);
        var map = new int[n];
        if (n == 0) return map;
        int rank = shape.Length;
        Span<long> counter = stackalloc long[rank];
        long offset = start;
        for (int i = 0; i < n; i++)
        {
            map[i] = checked((int)offset);
            for (int d = rank - 1; d >= 0; d--)
            {
                counter[d]++;
                offset += strides[d];
                if (counter[d] < shape[d]) break;
                offset -= strides[d] * counter[d];
                counter[d] = 0;
            }
        }
        return map;
    }

    /// <summary>Maps a possibly negative axis into [0, rank), or fails naming the node's problem.</summary>
    public static int Axis(long axis, int rank, OpContext context)
    {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw context.Error($"axis {axis} is out of range for rank {rank}");
        return (int)a;
    }

    public static string Format(ReadOnlySpan<long> shape) => "[" + string.Join(",", shape.ToArray()) + "]";
}
