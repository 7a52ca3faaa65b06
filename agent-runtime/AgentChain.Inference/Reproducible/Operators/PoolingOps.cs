namespace AgentChain.Inference.Reproducible.Operators;

/// <summary>
/// MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool over any number of spatial dims. Windows are visited in
/// row-major kernel order; averages sum in double in that order and divide once, then round to the element type.
/// </summary>
internal static class PoolingOps
{
    public static Tensor[] MaxPool(OpContext c, Tensor?[] x)
    {
        if (c.OutputCount > 1 && c.Node.Outputs[1].Length > 0) throw c.Error("MaxPool's Indices output is not supported by the reproducible backend");
        if (c.Attributes.GetInt("storage_order", 0) != 0) throw c.Error("MaxPool storage_order=1 is not supported");
        return [Pool(c, c.Required(x, 0), max: true)];
    }

    public static Tensor[] AveragePool(OpContext c, Tensor?[] x) => [Pool(c, c.Required(x, 0), max: false)];

    public static Tensor[] GlobalAveragePool(OpContext c, Tensor?[] x) => [Global(c, c.Required(x, 0), max: false)];

    public static Tensor[] GlobalMaxPool(OpContext c, Tensor?[] x) => [Global(c, c.Required(x, 0), max: true)];

    private static Tensor Pool(OpContext c, Tensor input, bool max)
    {
        if (input.Rank < 3) throw c.Error($"pooling needs (N,C,spatial...), got {input}");
        bool ceil = c.Attributes.GetInt("ceil_mode", 0) != 0;
        bool includePad = c.Attributes.GetInt("count_include_pad", 0) != 0;
        WindowGeometry g = WindowGeometry.Create(c, input.Shape[2..], null, ceil);
        double[] xd = (double[])CastOps.Convert(input, TensorElementType.Double).Data;
        long[][] kpos = g.KernelPositions();
        long[] inStrides = TensorShapes.Strides(g.Input), outStrides = TensorShapes.Strides(g.Output);
        int inSize = TensorShapes.Size(g.Input), outSize = TensorShapes.Size(g.Output);
        long planes = input.Shape[0] * input.Shape[1];
        var y = new double[checked(planes * outSize)];
        c.For((int)planes, (long)kpos.Length * outSize, plane =>
        {
            Span<long> origin = stackalloc long[g.Rank];
            for (int o = 0; o < outSize; o++)
            {
                long rem = o;
                for (int d = 0; d < g.Rank; d++)
                {
                    origin[d] = rem / outStrides[d] * g.Strides[d] - g.PadBegin[d];
                    rem %= outStrides[d];
                }
                double acc = max ? double.NegativeInfinity : 0;
                long count = 0;
                foreach (long[] k in kpos)
                {
                    long offset = 0;
                    bool inside = true, inPadded = true;
                    for (int d = 0; d < g.Rank; d++)
                    {
                        long p = origin[d] + k[d] * g.Dilations[d];
                        if (p < -g.PadBegin[d] || p >= g.Input[d] + g.PadEnd[d]) inPadded = false;
                        if ((ulong)p >= (ulong)g.Input[d]) inside = false;
                        offset += p * inStrides[d];
                    }
                    if (inside)
                    {
                        double v = xd[plane * inSize + offset];
                        acc = max ? (v > acc || double.IsNaN(v) ? v : acc) : acc + v;
                        count++;
                    }
                    else if (includePad && inPadded) count++;
                }
                y[plane * outSize + o] = max ? acc : acc / count;
            }
        });
        long[] shape = [input.Shape[0], input.Shape[1], .. g.Output];
        return CastOps.Convert(Tensor.FromArray(TensorElementType.Double, shape, y), input.ElementType);
    }

    private static Tensor Global(OpContext c, Tensor input, bool max)
    {
        if (input.Rank < 2) throw c.Error($"global pooling needs (N,C,spatial...), got {input}");
        double[] xd = (double[])CastOps.Convert(input, TensorElementType.Double).Data;
        long planes = input.Shape[0] * input.Shape[1];
        int size = TensorShapes.Size(input.Shape[2..]);
        var y = new double[planes];
        for (long p = 0; p < planes; p++)
        {
            double acc = max ? double.NegativeInfinity : 0;
            for (int i = 0; i < size; i++)
            {
                double v = xd[p * size + i];
                acc = max ? (v > acc || double.IsNaN(v) ? v : acc) : acc + v;
            }
            y[p] = max ? acc : acc / size;
        }
        long[] shape = [input.Shape[0], input.Shape[1], .. Enumerable.Repeat(1L, input.Rank - 2)];
        return CastOps.Convert(Tensor.FromArray(TensorElementType.Double, shape, y), input.ElementType);
    }
}
