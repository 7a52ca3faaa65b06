namespace AgentChain.Inference.Reproducible;

/// <summary>Type-agnostic data movement: builds a tensor whose element i is source element map[i] (transpose, gather, broadcast, slice).</summary>
internal static class ElementTake
{
    public static Tensor Take(Tensor source, int[] map, long[] shape) =>
        Tensor.FromArray(source.ElementType, shape, Take(source.Data, map));

    public static Array Take(Array source, int[] map) => source switch
    {
        float[] a => Take(a, map),
        double[] a => Take(a, map),
        Half[] a => Take(a, map),
        sbyte[] a => Take(a, map),
        short[] a => Take(a, map),
        int[] a => Take(a, map),
        long[] a => Take(a, map),
        byte[] a => Take(a, map),
        ushort[] a => Take(a, map),
        uint[] a => Take(a, map),
        ulong[] a => Take(a, map),
        bool[] a => Take(a, map),
        string[] a => Take(a, map),
        _ => throw new NotSupportedException($"element array {source.GetType().Name}"),
    };

    private static T[] Take<T>(T[] source, int[] map)
    {
        var result = new T[map.Length];
        for (int i = 0; i < map.Length; i++) result[i] = source[map[i]];
        return result;
    }

    /// <summary>Reads an integer tensor (int32/int64, also other integer types) as longs: shapes, axes, indices.</summary>
    public static long[] ToInt64(Tensor t) => t.Data switch
    {
        long[] a => a,
        int[] a => Array.ConvertAll(a, v => (long)v),
        short[] a => Array.ConvertAll(a, v => (long)v),
        sbyte[] a => Array.ConvertAll(a, v => (long)v),
        byte[] a => Array.ConvertAll(a, v => (long)v),
        ushort[] a => Array.ConvertAll(a, v => (long)v),
        uint[] a => Array.ConvertAll(a, v => (long)v),
        ulong[] a => Array.ConvertAll(a, v => (long)v),
        _ => throw new InferenceException($"expected an integer tensor, got {t}"),
    };
}
