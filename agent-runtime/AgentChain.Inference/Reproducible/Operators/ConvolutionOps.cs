using System.Numerics;

namespace AgentChain.Inference.Reproducible.Operators;

/// <summary>
/// Conv for any number of spatial dims, with groups, pads, strides and dilations. Each output element is
/// Σ over (input channel of its group, kernel position in row-major order) of x·w, accumulated in the element type
/// from zero in exactly that order, then the bias is added. Threads split (batch, output channel) pairs.
/// </summary>
internal static class ConvolutionOps
{
    public static Tensor[] Conv(OpContext c, Tensor?[] x)
    {
        Tensor input = c.Required(x, 0), weight = c.Required(x, 1);
        Tensor? bias = OpContext.Optional(x, 2);
        if (input.Rank < 3 || weight.Rank != input.Rank) throw c.Error($"Conv needs X (N,C,spatial...) and W of the same rank, got {input} and {weight}");
        if (input.ElementType != weight.ElementType) throw c.Error($"X and W differ in type ({input.ElementType} vs {weight.ElementType})");
        return input.Data switch
        {
            float[] a => [Run(c, input, weight, bias, a)],
            double[] a => [Run(c, input, weight, bias, a)],
            Half[] a => [Run(c, input, weight, bias, a)],
            _ => throw c.Error($"Conv is not defined for {input.ElementType}"),
        };
    }

    private static Tensor Run<T>(OpContext c, Tensor input, Tensor weight, Tensor? bias, T[] xd) where T : INumber<T>
    {
        T[] wd = (T[])weight.Data;
        T[]? bd = bias is null ? null : (T[])bias.Data;
        long batch = input.Shape[0], channels = input.Shape[1], maps = weight.Shape[0];
        long group = c.Attributes.GetInt("group", 1);
        if (group <= 0 || channels % group != 0 || maps % group != 0) throw c.Error($"group {group} does not divide input channels {channels} and output channels {maps}");
        long perGroup = channels / group;
        if (weight.Shape[1] != perGroup) throw c.Error($"W {weight} needs {perGroup} input channels per group (X {input}, group {group})");
        if (bd is not null && bd.Length != maps) throw c.Error($"bias {bias} must have {maps} elements");
        long[] kernel = weight.ShapeToArray()[2..];
        if (c.Attributes.GetInts("kernel_shape") is { } declared && !declared.SequenceEqual(kernel))
            throw c.Error($"kernel_shape [{string.Join(",", declared)}] does not match W {weight}");
        WindowGeometry g = WindowGeometry.Create(c, input.Shape[2..], kernel, ceilMode: false);
        long[][] kpos = g.KernelPositions();
        long[] inStrides = TensorShapes.Strides(g.Input);
        int inSize = TensorShapes.Size(g.Input), outSize = TensorShapes.Size(g.Output), kSize = kpos.Length;
        long[] outCoords = new long[outSize * g.Rank];
        long[] outStrides = TensorShapes.Strides(g.Output);
        for (int o = 0; o < outSize; o++)
            for (int d = 0, rem = o; d < g.Rank; d++)
            {
                outCoords[o * g.Rank + d] = rem / outStrides[d];
                rem = (int)(rem % outStrides[d]);
            }

        var y = new T[checked(batch * maps * outSize)];
        long[] shape = [batch, maps, .. g.Output];
        c.For((int)(batch * maps), perGroup * kSize * outSize, job =>
        {
            long n = job / maps, m = job % maps, grp = m / (maps / group);
            Span<long> origin = stackalloc long[g.Rank];
            for (int o = 0; o < outSize; o++)
            {
                for (int d = 0; d < g.Rank; d++) origin[d] = outCoords[o * g.Rank + d] * g.Strides[d] - g.PadBegin[d];
                T acc = T.Zero;
                for (long ci = 0; ci < perGroup; ci++)
                {
                    long xBase = (n * channels + grp * perGroup + ci) * inSize;
                    long wBase = (m * perGroup + ci) * kSize;
                    for (int k = 0; k < kSize; k++)
                    {
                        long offset = 0;
                        bool inside = true;
                        for (int d = 0; d < g.Rank; d++)
                        {
                            long p = origin[d] + kpos[k][d] * g.Dilations[d];
                            if ((ulong)p >= (ulong)g.Input[d]) { inside = false; break; }
                            offset += p * inStrides[d];
                        }
                        if (inside) acc += xd[xBase + offset] * wd[wBase + k];
                    }
                }
                if (bd is not null) acc += bd[m];
                y[(n * maps + m) * outSize + o] = acc;
            }
        });
        return Tensor.FromArray(input.ElementType, shape, y);
    }
}
