namespace AgentChain.Inference.Reproducible.Operators;

/// <summary>
/// Sliding-window layout shared by Conv and the pools, for any number of spatial dims: kernel, strides, dilations,
/// pads (explicit or auto_pad SAME_UPPER/SAME_LOWER/VALID) and the output size, per the ONNX operator specs.
/// </summary>
internal sealed class WindowGeometry
{
    public required long[] Input { get; init; }
    public required long[] Kernel { get; init; }
    public required long[] Strides { get; init; }
    public required long[] Dilations { get; init; }
    public required long[] PadBegin { get; init; }
    public required long[] PadEnd { get; init; }
    public required long[] Output { get; init; }

    public int Rank => Input.Length;

    /// <summary>Kernel offsets per flat kernel index, row-major: the fixed order every window is visited in.</summary>
    public long[][] KernelPositions()
    {
        long[] strides = TensorShapes.Strides(Kernel);
        int n = TensorShapes.Size(Kernel);
        var result = new long[n][];
        for (int i = 0; i < n; i++)
        {
            result[i] = new long[Rank];
            long rem = i;
            for (int d = 0; d < Rank; d++)
            {
                result[i][d] = rem / strides[d];
                rem %= strides[d];
            }
        }
        return result;
    }

    public static WindowGeometry Create(OpContext c, ReadOnlySpan<long> inputSpatial, long[]? kernel, bool ceilMode)
    {
        int rank = inputSpatial.Length;
        kernel ??= c.Attributes.GetInts("kernel_shape") ?? throw c.Error("attribute 'kernel_shape' is missing");
        if (kernel.Length != rank) throw c.Error($"kernel_shape has {kernel.Length} dims but the input has {rank} spatial dims");
        long[] strides = c.Attributes.GetInts("strides") ?? Enumerable.Repeat(1L, rank).ToArray();
        long[] dilations = c.Attributes.GetInts("dilations") ?? Enumerable.Repeat(1L, rank).ToArray();
        long[] pads = c.Attributes.GetInts("pads") ?? new long[2 * rank];
        if (strides.Length != rank || dilations.Length != rank || pads.Length != 2 * rank)
            throw c.Error($"strides/dilations/pads do not match {rank} spatial dims");
        string autoPad = c.Attributes.GetString("auto_pad", "NOTSET");
        long[] input = inputSpatial.ToArray();
        var output = new long[rank];
        var begin = new long[rank];
        var end = new long[rank];
        for (int d = 0; d < rank; d++)
        {
            long extent = (kernel[d] - 1) * dilations[d] + 1;
            switch (autoPad)
            {
                case "NOTSET" or "":
                    begin[d] = pads[d];
                    end[d] = pads[d + rank];
                    long span = input[d] + begin[d] + end[d] - extent;
                    if (span < 0) throw c.Error($"window of extent {extent} does not fit spatial dim {d} of size {input[d]} with pads");
                    output[d] = (ceilMode ? (span + strides[d] - 1) / strides[d] : span / strides[d]) + 1;
                    // With ceil_mode the last window must still start inside the input or its leading padding.
                    if (ceilMode && (output[d] - 1) * strides[d] >= input[d] + begin[d]) output[d]--;
                    break;
                case "VALID":
                    output[d] = (input[d] - extent) / strides[d] + 1;
                    break;
                case "SAME_UPPER" or "SAME_LOWER":
                    output[d] = (input[d] + strides[d] - 1) / strides[d];
                    long total = Math.Max(0, (output[d] - 1) * strides[d] + extent - input[d]);
                    begin[d] = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
                    end[d] = total - begin[d];
                    break;
                default:
                    throw c.Error($"unknown auto_pad '{autoPad}'");
            }
        }
        return new WindowGeometry { Input = input, Kernel = kernel, Strides = strides, Dilations = dilations, PadBegin = begin, PadEnd = end, Output = output };
    }
}
