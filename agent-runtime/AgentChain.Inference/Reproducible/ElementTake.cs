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
        sbyte[] a when a.GetType() == typeof(sbyte[]) => Take(a, map),
        short[] a when a.GetType() == typeof(short[]) => Take(a, map),
        int[] a when a.GetType() == typeof(int[]) => Take(a, map),
        long[] a when a.GetType() == typeof(long[]) => Take(a, map),
        byte[] a when a.GetType() == typeof(byte[]) => Take(a, map),
        ushort[] a when a.GetType() == typeof(ushort[]) => Take(a, map),
        uint[] a when a.GetType() == typeof(uint[]) => Take(a, map),
        ulong[] a when a.GetType() == typeof(ulong[]) => Take(a, map),
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
        long[] a when a.GetType() == typeof(long[]) => a,
        int[] a when a.GetType() == typeof(int[]) => Array.ConvertAll(a, v => (long)v),
        short[] a when a.GetType() == typeof(short[]) => Array.ConvertAll(a, v => (long)v),
        sbyte[] a when a.GetType() == typeof(sbyte[]) => Array.ConvertAll(a, v => (long)v),
        byte[] a when a.GetType() == typeof(byte[]) => Array.ConvertAll(a, v => (long)v),
        ushort[] a when a.GetType() == typeof(ushort[]) => Array.ConvertAll(a, v => (long)v),
        uint[] a when a.GetType() == typeof(uint[]) => Array.ConvertAll(a, v => (long)v),
        ulong[] a when a.GetType() == typeof(ulong[]) => Array.ConvertAll(a, v => (long)v),
        _ => throw new InferenceException($"expected an integer tensor, got {t}"),
    };
}
