using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AgentChain.Inference.Reproducible.Operators;

/// <summary>
/// Y = A·B for float32 (A rows×k, B k×n, both row-major) with a register-blocked inner loop: a tile of output
/// elements is held in vector registers while k runs, instead of reading and writing the output row once per k.
/// Order is what keeps the bits: every output element is its own accumulator, starting at +0 and updated as
/// acc = acc + a[i,p]·b[p,j] for p = 0, 1, …, k−1, with the multiply rounded before the add (the JIT never fuses
/// a separate multiply and add into an FMA). Vector width, tile shape and thread split only decide which elements
/// are computed side by side, never the order of one element's operations, so every machine gets the same bits.
/// </summary>
internal static class FloatMatrixKernel
{
    /// <summary>Rows per call of <see cref="Multiply"/> (the tile height of the main loop).</summary>
    public const int RowBlock = 4;

    /// <summary>
    /// B's last n mod w columns (w = <see cref="PanelWidth"/>) copied into a k × w panel padded with zeros, for
    /// <see cref="Multiply"/>'s tail; built once per B. Empty when there is no tail or no vector hardware.
    /// </summary>
    public static float[] TailPanel(ReadOnlySpan<float> b, int k, int n)
    {
        int w = PanelWidth, tail = n % w;
        if (!Vector.IsHardwareAccelerated || tail == 0 || k == 0) return [];
        var panel = new float[k * w];
        for (int p = 0; p < k; p++) b.Slice(p * n + n - tail, tail).CopyTo(panel.AsSpan(p * w, tail));
        return panel;
    }

    /// <summary>
    /// Lanes of the tail panel: 16 with 512-bit vectors (a narrow output such as a 10-class layer then takes one pass of
    /// 16 lanes instead of 8 + a padded 8), otherwise <see cref="Vector{T}.Count"/>.
    /// </summary>
    public static int PanelWidth => Vector512.IsHardwareAccelerated ? Vector512<float>.Count : Vector<float>.Count;

    /// <summary>Y[rows×n] = A[rows×k]·B[k×n]; <paramref name="rows"/> is 1..<see cref="RowBlock"/>; <paramref name="tailPanel"/> is <see cref="TailPanel"/> of B.</summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> tailPanel, Span<float> y, int rows, int k, int n)
    {
        if (rows < 1 || rows > RowBlock || a.Length < rows * k || b.Length < k * n || y.Length < rows * n)
            throw new ArgumentException($"bad tile: {rows} rows, k {k}, n {n} for spans of {a.Length}, {b.Length}, {y.Length}");
        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        ref float ry = ref MemoryMarshal.GetReference(y);
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            int w = Vector512<float>.Count;
            if (rows == RowBlock)
            {
                for (; j + 4 * w <= n; j += 4 * w) FourRowsFourWideVectors(ref ra, ref rb, ref ry, k, n, j);
                for (; j + 2 * w <= n; j += 2 * w) FourRowsTwoWideVectors(ref ra, ref rb, ref ry, k, n, j);
            }
            for (; j + w <= n; j += w)
                for (int r = 0; r < rows; r++) OneRowOneWideVector(ref Unsafe.Add(ref ra, r * k), ref rb, ref Unsafe.Add(ref ry, r * n), k, n, j);
            if (j < n && k > 0)
            {
                // The last n - j (< 16) columns through the zero-padded panel, as in the Vector<T> tail below.
                int tail = n - j;
                if (tailPanel.Length != k * w) throw new ArgumentException($"tail panel of {tailPanel.Length} floats, expected {k * w} (FloatMatrixKernel.TailPanel)", nameof(tailPanel));
                ref float panel = ref MemoryMarshal.GetReference(tailPanel);
                Span<float> lanes = stackalloc float[RowBlock * w];
                if (rows == RowBlock) FourRowsOneWideVector(ref ra, ref panel, ref MemoryMarshal.GetReference(lanes), k, w, w, 0);
                else
                    for (int r = 0; r < rows; r++) OneRowOneWideVector(ref Unsafe.Add(ref ra, r * k), ref panel, ref lanes[r * w], k, w, 0);
                for (int r = 0; r < rows; r++) lanes.Slice(r * w, tail).CopyTo(y.Slice(r * n + j, tail));
                j = n;
            }
        }
        if (Vector.IsHardwareAccelerated)
        {
            int w = Vector<float>.Count;
            if (rows == RowBlock)
                for (; j + 2 * w <= n; j += 2 * w) FourRowsTwoVectors(ref ra, ref rb, ref ry, k, n, j);
            for (; j + w <= n; j += w)
            {
                if (rows == RowBlock) FourRowsOneVector(ref ra, ref rb, ref ry, k, n, n, j);
                else
                    for (int r = 0; r < rows; r++) OneRowOneVector(ref Unsafe.Add(ref ra, r * k), ref rb, ref Unsafe.Add(ref ry, r * n), k, n, j);
            }
            if (j < n && k > 0)
            {
                // The last n - j (< w) columns come from the zero-padded panel through the vector kernel. Lanes never
                // mix, so the real lanes get exactly the bits of the scalar loop; the padding lanes are computed and dropped.
                int tail = n - j;
                if (tailPanel.Length != k * w) throw new ArgumentException($"tail panel of {tailPanel.Length} floats, expected {k * w} (FloatMatrixKernel.TailPanel)", nameof(tailPanel));
                ref float panel = ref MemoryMarshal.GetReference(tailPanel);
                Span<float> lanes = stackalloc float[RowBlock * w];
                if (rows == RowBlock) FourRowsOneVector(ref ra, ref panel, ref MemoryMarshal.GetReference(lanes), k, w, w, 0);
                else
                    for (int r = 0; r < rows; r++) OneRowOneVector(ref Unsafe.Add(ref ra, r * k), ref panel, ref lanes[r * w], k, w, 0);
                for (int r = 0; r < rows; r++) lanes.Slice(r * w, tail).CopyTo(y.Slice(r * n + j, tail));
                j = n;
            }
        }
        for (; j < n; j++)
            for (int r = 0; r < rows; r++)
            {
                float acc = 0f;
                for (int p = 0; p < k; p++) acc += Unsafe.Add(ref ra, r * k + p) * Unsafe.Add(ref rb, p * n + j);
                Unsafe.Add(ref ry, r * n + j) = acc;
            }
    }

    /// <summary>Output rows 0..3, columns j..j+2w: eight vector accumulators.</summary>
    private static void FourRowsTwoVectors(ref float a, ref float b, ref float y, int k, int n, int j)
    {
        int w = Vector<float>.Count;
        Vector<float> c00 = Vector<float>.Zero, c01 = Vector<float>.Zero, c10 = Vector<float>.Zero, c11 = Vector<float>.Zero;
        Vector<float> c20 = Vector<float>.Zero, c21 = Vector<float>.Zero, c30 = Vector<float>.Zero, c31 = Vector<float>.Zero;
        for (int p = 0; p < k; p++)
        {
            Vector<float> b0 = Vector.LoadUnsafe(ref b, (nuint)(p * n + j));
            Vector<float> b1 = Vector.LoadUnsafe(ref b, (nuint)(p * n + j + w));
            var a0 = new Vector<float>(Unsafe.Add(ref a, p));
            c00 = Vector.Add(c00, Vector.Multiply(a0, b0));
            c01 = Vector.Add(c01, Vector.Multiply(a0, b1));
            var a1 = new Vector<float>(Unsafe.Add(ref a, k + p));
            c10 = Vector.Add(c10, Vector.Multiply(a1, b0));
            c11 = Vector.Add(c11, Vector.Multiply(a1, b1));
            var a2 = new Vector<float>(Unsafe.Add(ref a, 2 * k + p));
            c20 = Vector.Add(c20, Vector.Multiply(a2, b0));
            c21 = Vector.Add(c21, Vector.Multiply(a2, b1));
            var a3 = new Vector<float>(Unsafe.Add(ref a, 3 * k + p));
            c30 = Vector.Add(c30, Vector.Multiply(a3, b0));
            c31 = Vector.Add(c31, Vector.Multiply(a3, b1));
        }
        c00.StoreUnsafe(ref y, (nuint)j);
        c01.StoreUnsafe(ref y, (nuint)(j + w));
        c10.StoreUnsafe(ref y, (nuint)(n + j));
        c11.StoreUnsafe(ref y, (nuint)(n + j + w));
        c20.StoreUnsafe(ref y, (nuint)(2 * n + j));
        c21.StoreUnsafe(ref y, (nuint)(2 * n + j + w));
        c30.StoreUnsafe(ref y, (nuint)(3 * n + j));
        c31.StoreUnsafe(ref y, (nuint)(3 * n + j + w));
    }

    /// <summary>
    /// Output rows 0..3, columns j..j+4w with 512-bit vectors: sixteen accumulators (AVX-512 has 32 vector registers),
    /// so each loaded B vector and each broadcast A value serves four products.
    /// </summary>
    private static void FourRowsFourWideVectors(ref float a, ref float b, ref float y, int k, int n, int j)
    {
        int w = Vector512<float>.Count;
        Vector512<float> c00 = Vector512<float>.Zero, c01 = Vector512<float>.Zero, c02 = Vector512<float>.Zero, c03 = Vector512<float>.Zero;
        Vector512<float> c10 = Vector512<float>.Zero, c11 = Vector512<float>.Zero, c12 = Vector512<float>.Zero, c13 = Vector512<float>.Zero;
        Vector512<float> c20 = Vector512<float>.Zero, c21 = Vector512<float>.Zero, c22 = Vector512<float>.Zero, c23 = Vector512<float>.Zero;
        Vector512<float> c30 = Vector512<float>.Zero, c31 = Vector512<float>.Zero, c32 = Vector512<float>.Zero, c33 = Vector512<float>.Zero;
        for (int p = 0; p < k; p++)
        {
            Vector512<float> b0 = Vector512.LoadUnsafe(ref b, (nuint)(p * n + j));
            Vector512<float> b1 = Vector512.LoadUnsafe(ref b, (nuint)(p * n + j + 1 * w));
            Vector512<float> b2 = Vector512.LoadUnsafe(ref b, (nuint)(p * n + j + 2 * w));
            Vector512<float> b3 = Vector512.LoadUnsafe(ref b, (nuint)(p * n + j + 3 * w));
            Vector512<float> a0 = Vector512.Create(Unsafe.Add(ref a, p));
            c00 += a0 * b0;
            c01 += a0 * b1;
            c02 += a0 * b2;
            c03 += a0 * b3;
            Vector512<float> a1 = Vector512.Create(Unsafe.Add(ref a, k + p));
            c10 += a1 * b0;
            c11 += a1 * b1;
            c12 += a1 * b2;
            c13 += a1 * b3;
            Vector512<float> a2 = Vector512.Create(Unsafe.Add(ref a, 2 * k + p));
            c20 += a2 * b0;
            c21 += a2 * b1;
            c22 += a2 * b2;
            c23 += a2 * b3;
            Vector512<float> a3 = Vector512.Create(Unsafe.Add(ref a, 3 * k + p));
            c30 += a3 * b0;
            c31 += a3 * b1;
            c32 += a3 * b2;
            c33 += a3 * b3;
        }
        c00.StoreUnsafe(ref y, (nuint)(j));
        c01.StoreUnsafe(ref y, (nuint)(j + 1 * w));
        c02.StoreUnsafe(ref y, (nuint)(j + 2 * w));
        c03.StoreUnsafe(ref y, (nuint)(j + 3 * w));
        c10.StoreUnsafe(ref y, (nuint)(n + j));
        c11.StoreUnsafe(ref y, (nuint)(n + j + 1 * w));
        c12.StoreUnsafe(ref y, (nuint)(n + j + 2 * w));
        c13.StoreUnsafe(ref y, (nuint)(n + j + 3 * w));
        c20.StoreUnsafe(ref y, (nuint)(2 * n + j));
        c21.StoreUnsafe(ref y, (nuint)(2 * n + j + 1 * w));
        c22.StoreUnsafe(ref y, (nuint)(2 * n + j + 2 * w));
        c23.StoreUnsafe(ref y, (nuint)(2 * n + j + 3 * w));
        c30.StoreUnsafe(ref y, (nuint)(3 * n + j));
        c31.StoreUnsafe(ref y, (nuint)(3 * n + j + 1 * w));
        c32.StoreUnsafe(ref y, (nuint)(3 * n + j + 2 * w));
        c33.StoreUnsafe(ref y, (nuint)(3 * n + j + 3 * w));
    }

    /// <summary><see cref="FourRowsTwoVectors"/> with 512-bit vectors (16 floats per vector).</summary>
    private static void FourRowsTwoWideVectors(ref float a, ref float b, ref float y, int k, int n, int j)
    {
        int w = Vector512<float>.Count;
        Vector512<float> c00 = Vector512<float>.Zero, c01 = Vector512<float>.Zero, c10 = Vector512<float>.Zero, c11 = Vector512<float>.Zero;
        Vector512<float> c20 = Vector512<float>.Zero, c21 = Vector512<float>.Zero, c30 = Vector512<float>.Zero, c31 = Vector512<float>.Zero;
        for (int p = 0; p < k; p++)
        {
            Vector512<float> b0 = Vector512.LoadUnsafe(ref b, (nuint)(p * n + j));
            Vector512<float> b1 = Vector512.LoadUnsafe(ref b, (nuint)(p * n + j + w));
            Vector512<float> a0 = Vector512.Create(Unsafe.Add(ref a, p));
            c00 += a0 * b0;
            c01 += a0 * b1;
            Vector512<float> a1 = Vector512.Create(Unsafe.Add(ref a, k + p));
            c10 += a1 * b0;
            c11 += a1 * b1;
            Vector512<float> a2 = Vector512.Create(Unsafe.Add(ref a, 2 * k + p));
            c20 += a2 * b0;
            c21 += a2 * b1;
            Vector512<float> a3 = Vector512.Create(Unsafe.Add(ref a, 3 * k + p));
            c30 += a3 * b0;
            c31 += a3 * b1;
        }
        c00.StoreUnsafe(ref y, (nuint)j);
        c01.StoreUnsafe(ref y, (nuint)(j + w));
        c10.StoreUnsafe(ref y, (nuint)(n + j));
        c11.StoreUnsafe(ref y, (nuint)(n + j + w));
        c20.StoreUnsafe(ref y, (nuint)(2 * n + j));
        c21.StoreUnsafe(ref y, (nuint)(2 * n + j + w));
        c30.StoreUnsafe(ref y, (nuint)(3 * n + j));
        c31.StoreUnsafe(ref y, (nuint)(3 * n + j + w));
    }

    /// <summary><see cref="FourRowsOneVector"/> with 512-bit vectors.</summary>
    private static void FourRowsOneWideVector(ref float a, ref float b, ref float y, int k, int n, int yStride, int j)
    {
        Vector512<float> c0 = Vector512<float>.Zero, c1 = Vector512<float>.Zero, c2 = Vector512<float>.Zero, c3 = Vector512<float>.Zero;
        for (int p = 0; p < k; p++)
        {
            Vector512<float> bp = Vector512.LoadUnsafe(ref b, (nuint)(p * n + j));
            c0 += Vector512.Create(Unsafe.Add(ref a, p)) * bp;
            c1 += Vector512.Create(Unsafe.Add(ref a, k + p)) * bp;
            c2 += Vector512.Create(Unsafe.Add(ref a, 2 * k + p)) * bp;
            c3 += Vector512.Create(Unsafe.Add(ref a, 3 * k + p)) * bp;
        }
        c0.StoreUnsafe(ref y, (nuint)j);
        c1.StoreUnsafe(ref y, (nuint)(yStride + j));
        c2.StoreUnsafe(ref y, (nuint)(2 * yStride + j));
        c3.StoreUnsafe(ref y, (nuint)(3 * yStride + j));
    }

    /// <summary><see cref="OneRowOneVector"/> with a 512-bit vector.</summary>
    private static void OneRowOneWideVector(ref float a, ref float b, ref float y, int k, int n, int j)
    {
        Vector512<float> acc = Vector512<float>.Zero;
        for (int p = 0; p < k; p++)
            acc += Vector512.Create(Unsafe.Add(ref a, p)) * Vector512.LoadUnsafe(ref b, (nuint)(p * n + j));
        acc.StoreUnsafe(ref y, (nuint)j);
    }

    /// <summary>Output rows 0..3, columns j..j+w: four independent accumulators (B has row stride n, Y row stride yStride).</summary>
    private static void FourRowsOneVector(ref float a, ref float b, ref float y, int k, int n, int yStride, int j)
    {
        Vector<float> c0 = Vector<float>.Zero, c1 = Vector<float>.Zero, c2 = Vector<float>.Zero, c3 = Vector<float>.Zero;
        for (int p = 0; p < k; p++)
        {
            Vector<float> bp = Vector.LoadUnsafe(ref b, (nuint)(p * n + j));
            c0 = Vector.Add(c0, Vector.Multiply(new Vector<float>(Unsafe.Add(ref a, p)), bp));
            c1 = Vector.Add(c1, Vector.Multiply(new Vector<float>(Unsafe.Add(ref a, k + p)), bp));
            c2 = Vector.Add(c2, Vector.Multiply(new Vector<float>(Unsafe.Add(ref a, 2 * k + p)), bp));
            c3 = Vector.Add(c3, Vector.Multiply(new Vector<float>(Unsafe.Add(ref a, 3 * k + p)), bp));
        }
        c0.StoreUnsafe(ref y, (nuint)j);
        c1.StoreUnsafe(ref y, (nuint)(yStride + j));
        c2.StoreUnsafe(ref y, (nuint)(2 * yStride + j));
        c3.StoreUnsafe(ref y, (nuint)(3 * yStride + j));
    }

    /// <summary>One output row, columns j..j+w: one vector accumulator.</summary>
    private static void OneRowOneVector(ref float a, ref float b, ref float y, int k, int n, int j)
    {
        Vector<float> acc = Vector<float>.Zero;
        for (int p = 0; p < k; p++)
            acc = Vector.Add(acc, Vector.Multiply(new Vector<float>(Unsafe.Add(ref a, p)), Vector.LoadUnsafe(ref b, (nuint)(p * n + j))));
        acc.StoreUnsafe(ref y, (nuint)j);
    }
}
