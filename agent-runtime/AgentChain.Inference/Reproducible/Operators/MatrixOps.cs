using System.Numerics;
using AgentChain.Inference.Onnx;

namespace AgentChain.Inference.Reproducible.Operators;

/// <summary>
/// MatMul and Gemm. Every output element is Σ_k a[i,k]·b[k,j] accumulated in the element type from k = 0 upward,
/// starting from zero. The loop runs i, k, j so the j loop is a contiguous element-wise update (vectorised for
/// float32) — each output lane still sees its products in ascending k, so SIMD width cannot change a bit.
/// Threads split rows (independent outputs).
/// </summary>
internal static class MatrixOps
{
    public static Tensor[] MatMul(OpContext c, Tensor?[] x)
    {
        Tensor a = c.Required(x, 0), b = c.Required(x, 1);
        if (a.ElementType != b.ElementType) throw c.Error($"operands differ in type ({a.ElementType} vs {b.ElementType})");
        if (a.Rank == 0 || b.Rank == 0) throw c.Error("MatMul operands must have rank >= 1");
        // numpy matmul: a 1-D left operand is a row vector, a 1-D right operand a column vector; both are dropped after.
        long[] aShape = a.Rank == 1 ? [1, a.Shape[0]] : a.ShapeToArray();
        long[] bShape = b.Rank == 1 ? [b.Shape[0], 1] : b.ShapeToArray();
        long m = aShape[^2], k = aShape[^1], k2 = bShape[^2], n = bShape[^1];
        if (k != k2) throw c.Error($"inner dimensions differ: {TensorShapes.Format(a.Shape)} x {TensorShapes.Format(b.Shape)}");
        long[] batch = TensorShapes.Broadcast(aShape.AsSpan(0, aShape.Length - 2), bShape.AsSpan(0, bShape.Length - 2));
        int[] aBatch = TensorShapes.BroadcastIndex(aShape.AsSpan(0, aShape.Length - 2), batch);
        int[] bBatch = TensorShapes.BroadcastIndex(bShape.AsSpan(0, bShape.Length - 2), batch);
        var outShape = new List<long>(batch);
        if (a.Rank > 1) outShape.Add(m);
        if (b.Rank > 1) outShape.Add(n);
        Array result = a.Data switch
        {
            float[] av => BatchedFloat(c, av, (float[])b.Data, aBatch, bBatch, (int)m, (int)k, (int)n),
            double[] av => Batched(c, av, (double[])b.Data, aBatch, bBatch, (int)m, (int)k, (int)n),
            Half[] av => Batched(c, av, (Half[])b.Data, aBatch, bBatch, (int)m, (int)k, (int)n),
            int[] av when av.GetType() == typeof(int[]) => Batched(c, av, (int[])b.Data, aBatch, bBatch, (int)m, (int)k, (int)n),
            long[] av when av.GetType() == typeof(long[]) => Batched(c, av, (long[])b.Data, aBatch, bBatch, (int)m, (int)k, (int)n),
            uint[] av when av.GetType() == typeof(uint[]) => Batched(c, av, (uint[])b.Data, aBatch, bBatch, (int)m, (int)k, (int)n),
            ulong[] av when av.GetType() == typeof(ulong[]) => Batched(c, av, (ulong[])b.Data, aBatch, bBatch, (int)m, (int)k, (int)n),
            _ => throw c.Error($"MatMul is not defined for {a.ElementType}"),
        };
        return [Tensor.FromArray(a.ElementType, outShape.ToArray(), result)];
    }

    private static T[] Batched<T>(OpContext c, T[] a, T[] b, int[] aBatch, int[] bBatch, int m, int k, int n) where T : unmanaged, INumber<T>
    {
        int batches = aBatch.Length;
        var result = new T[checked(batches * m * n)];
        c.For(batches * m, (long)k * n, row =>
        {
            int bi = row / m, i = row % m;
            RowTimesMatrix(a.AsSpan(aBatch[bi] * m * k + i * k, k), b.AsSpan(bBatch[bi] * k * n, k * n), result.AsSpan((bi * m + i) * n, n), false, k, n);
        });
        return result;
    }

    /// <summary>
    /// MatMul, then Add of a constant bias, then (when <paramref name="tanh"/> is given) Tanh: the step
    /// <see cref="ExecutionPlan"/> makes of a dense layer; <paramref name="x"/> is [A, B, bias]. For 2-D float32
    /// operands and a bias of shape [n] or [1, n], each block of output rows gets the bias added and the Tanh applied
    /// right after the block's products: lane by lane the same single IEEE operations the Add and Tanh kernels perform.
    /// Any other shapes or types run the three kernels one after another.
    /// </summary>
    public static Tensor[] MatMulBiasTanh(OpContext c, Tensor?[] x, OnnxNode add, bool productFirst, OnnxNode? tanh)
    {
        Tensor a = c.Required(x, 0), b = c.Required(x, 1), bias = c.Required(x, 2);
        if (a is { Data: float[] av, Rank: 2 } && b is { Data: float[] bv, Rank: 2 } && bias.Data is float[] biasValues && a.Shape[1] == b.Shape[0]
            && (bias.Rank == 1 || (bias.Rank == 2 && bias.Shape[0] == 1)) && bias.Shape[bias.Rank - 1] == b.Shape[1])
        {
            int m = (int)a.Shape[0], k = (int)a.Shape[1], n = (int)b.Shape[1];
            float[] result = BatchedFloat(c, av, bv, [0], [0], m, k, n, new RowEpilogue(biasValues, productFirst, tanh is not null));
            return [Tensor.FromArray(TensorElementType.Float, [m, n], result)];
        }
        Tensor product = MatMul(c, [a, b])[0];
        Tensor sum = ElementwiseBinaryOps.Add(new OpContext(add, c.Threads), productFirst ? [product, bias] : [bias, product])[0];
        return tanh is null ? [sum] : ElementwiseUnaryOps.Tanh(new OpContext(tanh, c.Threads), [sum]);
    }

    /// <summary>What <see cref="MatMulBiasTanh"/> does to each finished output row: add the bias (in the Add node's operand order), then Tanh.</summary>
    private sealed record RowEpilogue(float[] Bias, bool ProductFirst, bool Tanh)
    {
        public void Apply(Span<float> row)
        {
            ReadOnlySpan<float> bias = Bias;
            int j = 0;
            if (Vector.IsHardwareAccelerated)
                for (; j + Vector<float>.Count <= row.Length; j += Vector<float>.Count)
                {
                    Vector<float> p = new(row[j..]), q = new(bias[j..]);
                    (ProductFirst ? p + q : q + p).CopyTo(row[j..]);
                }
            for (; j < row.Length; j++) row[j] = ProductFirst ? row[j] + bias[j] : bias[j] + row[j];
            if (Tanh) FloatTanh.Apply(row, row);
        }
    }

    /// <summary>
    /// float32 MatMul through <see cref="FloatMatrixKernel"/>: blocks of <see cref="FloatMatrixKernel.RowBlock"/> rows
    /// at a time, each output element still Σ_k a[i,k]·b[k,j] from zero in ascending k with separate multiply and add
    /// (the bits of the row-at-a-time loop above, which the pinned digests in the tests hold it to). A given
    /// <paramref name="epilogue"/> runs on each block's rows right after they are computed.
    /// </summary>
    private static float[] BatchedFloat(OpContext c, float[] a, float[] b, int[] aBatch, int[] bBatch, int m, int k, int n, RowEpilogue? epilogue = null)
    {
        int batches = aBatch.Length;
        var result = new float[checked(batches * m * n)];
        int blocks = (m + FloatMatrixKernel.RowBlock - 1) / FloatMatrixKernel.RowBlock;
        var panels = bBatch.Distinct().ToDictionary(start => start, start => FloatMatrixKernel.TailPanel(b.AsSpan(start * k * n, k * n), k, n));
        c.For(batches * blocks, (long)FloatMatrixKernel.RowBlock * k * n, item =>
        {
            int bi = item / blocks, i0 = item % blocks * FloatMatrixKernel.RowBlock;
            int rows = Math.Min(FloatMatrixKernel.RowBlock, m - i0);
            Span<float> y = result.AsSpan((bi * m + i0) * n, rows * n);
            FloatMatrixKernel.Multiply(a.AsSpan(aBatch[bi] * m * k + i0 * k, rows * k), b.AsSpan(bBatch[bi] * k * n, k * n), panels[bBatch[bi]],
                y, rows, k, n);
            if (epilogue is not null)
                for (int r = 0; r < rows; r++) epilogue.Apply(y.Slice(r * n, n));
        });
        return result;
    }

    /// <summary>y[j] = Σ_k row[k] · B[k, j] in ascending k (B row-major k×n, or n×k when <paramref name="bTransposed"/>).</summary>
    private static void RowTimesMatrix<T>(ReadOnlySpan<T> row, ReadOnlySpan<T> bm, Span<T> y, bool bTransposed, int k, int n) where T : unmanaged, INumber<T>
    {
        y.Clear();
        if (bTransposed)
        {
            for (int j = 0; j < n; j++)
            {
                T acc = T.Zero;
                ReadOnlySpan<T> col = bm.Slice(j * k, k);
                for (int p = 0; p < k; p++) acc += row[p] * col[p];
                y[j] = acc;
            }
            return;
        }
        for (int p = 0; p < k; p++)
        {
            T s = row[p];
            ReadOnlySpan<T> brow = bm.Slice(p * n, n);
            int j = 0;
            if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported && n >= Vector<T>.Count)
            {
                var vs = new Vector<T>(s);
                for (; j <= n - Vector<T>.Count; j += Vector<T>.Count)
                {
                    // Separate multiply and add (no FMA): the same two roundings as the scalar tail below.
                    var prod = Vector.Multiply(vs, new Vector<T>(brow.Slice(j)));
                    Vector.Add(new Vector<T>(y.Slice(j)), prod).CopyTo(y.Slice(j));
                }
            }
            for (; j < n; j++) y[j] += s * brow[j];
        }
    }

    /// <summary>Gemm: Y = alpha·op(A)·op(B) + beta·C, with C broadcast to (M, N); the product is formed first, then scaled and added.</summary>
    public static Tensor[] Gemm(OpContext c, Tensor?[] x)
    {
        Tensor a = c.Required(x, 0), b = c.Required(x, 1);
        Tensor? cc = OpContext.Optional(x, 2);
        if (a.Rank != 2 || b.Rank != 2) throw c.Error($"Gemm needs 2-D A and B, got {a} and {b}");
        bool transA = c.Attributes.GetInt("transA", 0) != 0, transB = c.Attributes.GetInt("transB", 0) != 0;
        float alpha = c.Attributes.GetFloat("alpha", 1f), beta = c.Attributes.GetFloat("beta", 1f);
        if (transA) a = ShapeOps.Transpose(a, [1, 0]);
        int m = (int)a.Shape[0], k = (int)a.Shape[1];
        int kb = (int)(transB ? b.Shape[1] : b.Shape[0]), n = (int)(transB ? b.Shape[0] : b.Shape[1]);
        if (k != kb) throw c.Error($"inner dimensions differ: A {a} x B {b} (transB={transB})");
        Array result = a.Data switch
        {
            float[] av => GemmTyped(c, av, (float[])b.Data, cc, alpha, beta, transB, m, k, n),
            double[] av => GemmTyped(c, av, (double[])b.Data, cc, alpha, beta, transB, m, k, n),
            Half[] av => GemmTyped(c, av, (Half[])b.Data, cc, alpha, beta, transB, m, k, n),
            int[] av when av.GetType() == typeof(int[]) => GemmTyped(c, av, (int[])b.Data, cc, alpha, beta, transB, m, k, n),
            long[] av when av.GetType() == typeof(long[]) => GemmTyped(c, av, (long[])b.Data, cc, alpha, beta, transB, m, k, n),
            uint[] av when av.GetType() == typeof(uint[]) => GemmTyped(c, av, (uint[])b.Data, cc, alpha, beta, transB, m, k, n),
            ulong[] av when av.GetType() == typeof(ulong[]) => GemmTyped(c, av, (ulong[])b.Data, cc, alpha, beta, transB, m, k, n),
            _ => throw c.Error($"Gemm is not defined for {a.ElementType}"),
        };
        return [Tensor.FromArray(a.ElementType, [m, n], result)];
    }

    private static T[] GemmTyped<T>(OpContext c, T[] a, T[] b, Tensor? cc, float alpha, float beta, bool transB, int m, int k, int n) where T : unmanaged, INumber<T>
    {
        var y = new T[checked(m * n)];
        T al = T.CreateTruncating(alpha), be = T.CreateTruncating(beta);
        T[]? cv = null;
        int[]? ci = null;
        if (cc is not null && beta != 0)
        {
            cv = (T[])cc.Data;
            ci = TensorShapes.BroadcastIndex(cc.Shape, [m, n]);
        }
        c.For(m, (long)k * n, i =>
        {
            Span<T> row = y.AsSpan(i * n, n);
            RowTimesMatrix(a.AsSpan(i * k, k), b, row, transB, k, n);
            for (int j = 0; j < n; j++)
            {
                T v = alpha == 1f ? row[j] : al * row[j];
                if (cv is not null) v += beta == 1f ? cv[ci![i * n + j]] : be * cv[ci![i * n + j]];
                row[j] = v;
            }
        });
        return y;
    }
}
