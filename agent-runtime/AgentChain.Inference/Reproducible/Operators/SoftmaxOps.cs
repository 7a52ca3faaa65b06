namespace AgentChain.Inference.Reproducible.Operators;

/// <summary>
/// Softmax, LogSoftmax and Hardmax. Opset 13+ normalises along one axis (default -1); earlier opsets coerce the
/// input to 2-D at <c>axis</c> (default 1) and normalise each row of that matrix. Exponentials and the denominator
/// are computed in double in ascending index order, and each output is rounded once.
/// </summary>
internal static class SoftmaxOps
{
    public static Tensor[] Softmax(OpContext c, Tensor?[] x) => [Normalize(c, x, log: false)];

    public static Tensor[] LogSoftmax(OpContext c, Tensor?[] x) => [Normalize(c, x, log: true)];

    public static Tensor[] Hardmax(OpContext c, Tensor?[] x)
    {
        Tensor t = c.Required(x, 0);
        (long outer, long dim, long inner) = Layout(c, t);
        double[] d = (double[])CastOps.Convert(t, TensorElementType.Double).Data;
        var r = new double[d.Length];
        for (long o = 0; o < outer; o++)
            for (long i = 0; i < inner; i++)
            {
                long best = 0;
                for (long j = 1; j < dim; j++)
                    if (d[(o * dim + j) * inner + i] > d[(o * dim + best) * inner + i]) best = j;
                if (dim > 0) r[(o * dim + best) * inner + i] = 1;
            }
        return [CastOps.Convert(Tensor.FromArray(TensorElementType.Double, t.ShapeToArray(), r), t.ElementType)];
    }

    private static Tensor Normalize(OpContext c, Tensor?[] x, bool log)
    {
        Tensor t = c.Required(x, 0);
        if (t.ElementType is not (TensorElementType.Float or TensorElementType.Double or TensorElementType.Float16))
            throw c.Error($"{c.Node.OpType} needs a floating-point input, got {t.ElementType}");
        (long outer, long dim, long inner) = Layout(c, t);
        if (!log && inner == 1 && t.Data is float[] values) return SoftmaxFloatRows(t, values, (int)outer, (int)dim);
        double[] d = (double[])CastOps.Convert(t, TensorElementType.Double).Data;
        var r = new double[d.Length];
        if (!log && inner == 1) return SoftmaxContiguous(t, d, r, outer, dim);
        var e = new double[dim];
        for (long o = 0; o < outer; o++)
            for (long i = 0; i < inner; i++)
            {
                long Index(long j) => (o * dim + j) * inner + i;
                double max = double.NegativeInfinity;
                for (long j = 0; j < dim; j++) max = Math.Max(max, d[Index(j)]);
                double sum = 0;
                for (long j = 0; j < dim; j++)
                {
                    e[j] = ReproducibleMath.Exp(d[Index(j)] - max);
                    sum += e[j];
                }
                double logSum = log ? ReproducibleMath.Log(sum) : 0;
                for (long j = 0; j < dim; j++) r[Index(j)] = log ? d[Index(j)] - max - logSum : e[j] / sum;
            }
        return CastOps.Convert(Tensor.FromArray(TensorElementType.Double, t.ShapeToArray(), r), t.ElementType);
    }

    /// <summary>
    /// Softmax over contiguous rows (the last axis, as classifiers use it) with the exponentials of the whole tensor taken
    /// in one vectorised pass: the same max, the same Exp(x - max) per element, the same ascending sum and division.
    /// </summary>
    private static Tensor SoftmaxContiguous(Tensor t, double[] d, double[] r, long outer, long dim)
    {
        var shifted = new double[d.Length];
        for (long o = 0; o < outer; o++)
        {
            double max = double.NegativeInfinity;
            for (long j = 0; j < dim; j++) max = Math.Max(max, d[o * dim + j]);
            for (long j = 0; j < dim; j++) shifted[o * dim + j] = d[o * dim + j] - max;
        }
        var e = new double[d.Length];
        ReproducibleMath.Exp(shifted, e);
        for (long o = 0; o < outer; o++)
        {
            double sum = 0;
            for (long j = 0; j < dim; j++) sum += e[o * dim + j];
            for (long j = 0; j < dim; j++) r[o * dim + j] = e[o * dim + j] / sum;
        }
        return CastOps.Convert(Tensor.FromArray(TensorElementType.Double, t.ShapeToArray(), r), t.ElementType);
    }

    /// <summary>
    /// <see cref="SoftmaxContiguous"/> for float32 without its four whole-tensor double arrays: row by row, each value
    /// widened to double exactly, the same max, Exp(x - max), ascending sum and division, then rounded once to float —
    /// the same bits (Exp's span form gives each element the scalar bits, however the elements are grouped).
    /// </summary>
    private static Tensor SoftmaxFloatRows(Tensor t, float[] x, int outer, int dim)
    {
        var result = new float[x.Length];
        double[] row = new double[dim], e = new double[dim];
        for (int o = 0; o < outer; o++)
        {
            ReadOnlySpan<float> source = x.AsSpan(o * dim, dim);
            double max = double.NegativeInfinity;
            for (int j = 0; j < dim; j++) max = Math.Max(max, source[j]);
            for (int j = 0; j < dim; j++) row[j] = (double)source[j] - max;
            ReproducibleMath.Exp(row, e);
            double sum = 0;
            for (int j = 0; j < dim; j++) sum += e[j];
            Span<float> target = result.AsSpan(o * dim, dim);
            for (int j = 0; j < dim; j++) target[j] = (float)(e[j] / sum);
        }
        return Tensor.FromArray(TensorElementType.Float, t.ShapeToArray(), result);
    }

    private static (long Outer, long Dim, long Inner) Layout(OpContext c, Tensor t)
    {
        bool perAxis = c.OpsetVersion >= 13;
        int axis = t.Rank == 0 ? 0 : TensorShapes.Axis(c.Attributes.GetInt("axis", perAxis ? -1 : 1), Math.Max(t.Rank, 1), c);
        long outer = 1, dim = 1, inner = 1;
        for (int d = 0; d < t.Rank; d++)
        {
            if (d < axis) outer *= t.Shape[d];
            else if (d == axis || !perAxis) dim *= t.Shape[d];
            else inner *= t.Shape[d];
        }
        return (outer, dim, inner);
    }
}
