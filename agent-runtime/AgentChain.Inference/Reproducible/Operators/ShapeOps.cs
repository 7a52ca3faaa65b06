namespace AgentChain.Inference.Reproducible.Operators;

/// <summary>Ops that only move or describe data: Reshape, Flatten, Transpose, Concat, Squeeze, Unsqueeze, Shape, Size, Expand, Slice, Constant, ConstantOfShape, Dropout (inference).</summary>
internal static class ShapeOps
{
    public static Tensor[] Reshape(OpContext c, Tensor?[] x)
    {
        Tensor t = c.Required(x, 0);
        long[] requested = c.OpsetVersion < 5 ? c.Attributes.GetInts("shape") ?? throw c.Error("attribute 'shape' is missing") : ElementTake.ToInt64(c.Required(x, 1));
        bool allowZero = c.Attributes.GetInt("allowzero", 0) != 0;
        var shape = (long[])requested.Clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == 0 && !allowZero)
            {
                if (i >= t.Rank) throw c.Error($"shape {TensorShapes.Format(requested)} copies dimension {i} that input {t} lacks");
                shape[i] = t.Shape[i];
            }
            if (shape[i] == -1)
            {
                if (infer >= 0) throw c.Error($"shape {TensorShapes.Format(requested)} has more than one -1");
                infer = i;
            }
            else if (shape[i] < 0) throw c.Error($"shape {TensorShapes.Format(requested)} has invalid dimension {shape[i]}");
            else known *= shape[i];
        }
        if (infer >= 0)
        {
            if (known == 0 || t.ElementCount % known != 0) throw c.Error($"cannot reshape {t} to {TensorShapes.Format(requested)}");
            shape[infer] = t.ElementCount / known;
        }
        return [View(c, t, shape)];
    }

    public static Tensor[] Flatten(OpContext c, Tensor?[] x)
    {
        Tensor t = c.Required(x, 0);
        long axis = c.Attributes.GetInt("axis", 1);
        int a = axis == t.Rank ? t.Rank : (axis < 0 ? (int)axis + t.Rank : (int)axis);
        if (a < 0 || a > t.Rank) throw c.Error($"axis {axis} out of range for rank {t.Rank}");
        long outer = 1;
        for (int i = 0; i < a; i++) outer *= t.Shape[i];
        long inner = 1;
        for (int i = a; i < t.Rank; i++) inner *= t.Shape[i];
        return [View(c, t, [outer, inner])];
    }

    public static Tensor[] Squeeze(OpContext c, Tensor?[] x)
    {
        Tensor t = c.Required(x, 0);
        long[]? axes = c.OpsetVersion < 13 ? c.Attributes.GetInts("axes") : OpContext.Optional(x, 1) is { } a ? ElementTake.ToInt64(a) : null;
        var drop = new HashSet<int>();
        if (axes is null)
        {
            for (int i = 0; i < t.Rank; i++) if (t.Shape[i] == 1) drop.Add(i);
        }
        else
        {
            foreach (long axis in axes)
            {
                int ax = TensorShapes.Axis(axis, t.Rank, c);
                if (t.Shape[ax] != 1) throw c.Error($"cannot squeeze axis {axis} of {t}: its size is {t.Shape[ax]}, not 1");
                drop.Add(ax);
            }
        }
        var shape = new List<long>();
        for (int i = 0; i < t.Rank; i++) if (!drop.Contains(i)) shape.Add(t.Shape[i]);
        return [View(c, t, shape.ToArray())];
    }

    public static Tensor[] Unsqueeze(OpContext c, Tensor?[] x)
    {
        Tensor t = c.Required(x, 0);
        long[] axes = c.OpsetVersion < 13 ? c.Attributes.GetInts("axes") ?? throw c.Error("attribute 'axes' is missing") : ElementTake.ToInt64(c.Required(x, 1));
        int rank = t.Rank + axes.Length;
        var insert = new HashSet<int>();
        foreach (long axis in axes)
            if (!insert.Add(TensorShapes.Axis(axis, rank, c))) throw c.Error($"axis {axis} is given twice");
        var shape = new long[rank];
        int source = 0;
        for (int i = 0; i < rank; i++) shape[i] = insert.Contains(i) ? 1 : t.Shape[source++];
        return [View(c, t, shape)];
    }

    public static Tensor[] Transpose(OpContext c, Tensor?[] x)
    {
        Tensor t = c.Required(x, 0);
        long[] perm = c.Attributes.GetInts("perm") ?? Enumerable.Range(0, t.Rank).Reverse().Select(i => (long)i).ToArray();
        if (perm.Length != t.Rank || perm.Order().Where((p, i) => p != i).Any()) throw c.Error($"perm [{string.Join(",", perm)}] is not a permutation of {t.Rank} axes");
        return [Transpose(t, perm.Select(p => (int)p).ToArray())];
    }

    public static Tensor Transpose(Tensor t, int[] perm)
    {
        long[] strides = TensorShapes.Strides(t.Shape);
        var shape = new long[t.Rank];
        var permStrides = new long[t.Rank];
        for (int i = 0; i < t.Rank; i++)
        {
            shape[i] = t.Shape[perm[i]];
            permStrides[i] = strides[perm[i]];
        }
        return ElementTake.Take(t, TensorShapes.Gather(shape, permStrides, 0), shape);
    }

    public static Tensor[] Concat(OpContext c, Tensor?[] x)
    {
        Tensor first = c.Required(x, 0);
        int axis = TensorShapes.Axis(c.Attributes.GetRequiredInt("axis"), first.Rank, c);
        long[] shape = first.ShapeToArray();
        shape[axis] = 0;
        var parts = x.Select((t, i) => t ?? throw c.Error($"input {i} is missing")).ToArray();
        foreach (Tensor t in parts)
        {
            if (t.Rank != first.Rank || t.ElementType != first.ElementType) throw c.Error($"cannot concatenate {t} with {first}");
            for (int d = 0; d < t.Rank; d++)
                if (d != axis && t.Shape[d] != first.Shape[d]) throw c.Error($"cannot concatenate {t} with {first} on axis {axis}");
            shape[axis] += t.Shape[axis];
        }
        long outer = 1;
        for (int d = 0; d < axis; d++) outer *= shape[d];
        long inner = 1;
        for (int d = axis + 1; d < shape.Length; d++) inner *= shape[d];
        Array result = Array.CreateInstance(first.Data.GetType().GetElementType()!, TensorShapes.Size(shape));
        long offset = 0;
        for (long o = 0; o < outer; o++)
            foreach (Tensor t in parts)
            {
                long block = t.Shape[axis] * inner;
                Array.Copy(t.Data, o * block, result, offset, block);
                offset += block;
            }
        return [Tensor.FromArray(first.ElementType, shape, result)];
    }

    public static Tensor[] Shape(OpContext c, Tensor?[] x)
    {
        Tensor t = c.Required(x, 0);
        int rank = t.Rank;
        long start = c.Attributes.GetInt("start", 0), end = c.Attributes.GetInt("end", rank);
        int s = (int)Math.Clamp(start < 0 ? start + rank : start, 0, rank), e = (int)Math.Clamp(end < 0 ? end + rank : end, 0, rank);
        long[] dims = t.ShapeToArray()[s..Math.Max(s, e)];
        return [Tensor.Create(dims, dims.Length)];
    }

    public static Tensor[] Size(OpContext c, Tensor?[] x) => [Tensor.Scalar(c.Required(x, 0).ElementCount)];

    public static Tensor[] Dropout(OpContext c, Tensor?[] x)
    {
        // Inference: dropout is the identity; the optional mask is all true. Training mode draws random numbers,
        // which has no reproducible meaning here.
        Tensor t = c.Required(x, 0);
        bool training = c.OpsetVersion >= 12 && OpContext.Optional(x, 2) is { } mode && mode.AsSpan<bool>()[0];
        if (training || c.Attributes.GetInt("is_test", 1) == 0)
            throw c.Error("Dropout in training mode is random and not supported by the reproducible backend");
        var mask = Tensor.FromArray(TensorElementType.Bool, t.ShapeToArray(), Enumerable.Repeat(true, (int)t.ElementCount).ToArray());
        return c.OutputCount > 1 ? [t, mask] : [t];
    }

    public static Tensor[] Expand(OpContext c, Tensor?[] x)
    {
        Tensor t = c.Required(x, 0);
        long[] shape = TensorShapes.Broadcast(t.Shape, ElementTake.ToInt64(c.Required(x, 1)));
        return [ElementTake.Take(t, TensorShapes.BroadcastIndex(t.Shape, shape), shape)];
    }

    public static Tensor[] Constant(OpContext c, Tensor?[] x)
    {
        var a = c.Attributes;
        if (a.GetTensor("value") is { } t) return [t];
        if (a.Has("value_float")) return [Tensor.Scalar(a.GetFloat("value_float", 0))];
        if (a.GetFloats("value_floats") is { } fs) return [Tensor.Create(fs, fs.Length)];
        if (a.Has("value_int")) return [Tensor.Scalar(a.GetInt("value_int", 0))];
        if (a.GetInts("value_ints") is { } ls) return [Tensor.Create(ls, ls.Length)];
        if (a.GetString("value_string") is { } s) return [Tensor.Scalar(s)];
        throw c.Error("Constant needs one of value, value_float(s), value_int(s), value_string (sparse_value is not supported)");
    }

    public static Tensor[] ConstantOfShape(OpContext c, Tensor?[] x)
    {
        long[] shape = ElementTake.ToInt64(c.Required(x, 0));
        Tensor value = c.Attributes.GetTensor("value") ?? Tensor.Create(new float[] { 0f }, 1);
        int n = TensorShapes.Size(shape);
        return [ElementTake.Take(value, new int[n], shape)];
    }

    /// <summary>Slice (opset 10+: starts/ends/axes/steps as inputs; before: attributes, step 1). Bounds clamp as in numpy.</summary>
    public static Tensor[] Slice(OpContext c, Tensor?[] x)
    {
        Tensor t = c.Required(x, 0);
        long[] starts, ends;
        long[]? axes, steps = null;
        if (c.OpsetVersion < 10)
        {
            starts = c.Attributes.GetInts("starts") ?? throw c.Error("attribute 'starts' is missing");
            ends = c.Attributes.GetInts("ends") ?? throw c.Error("attribute 'ends' is missing");
            axes = c.Attributes.GetInts("axes");
        }
        else
        {
            starts = ElementTake.ToInt64(c.Required(x, 1));
            ends = ElementTake.ToInt64(c.Required(x, 2));
            axes = OpContext.Optional(x, 3) is { } a ? ElementTake.ToInt64(a) : null;
            steps = OpContext.Optional(x, 4) is { } s ? ElementTake.ToInt64(s) : null;
        }
        axes ??= Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray();
        long[] begin = new long[t.Rank], step = Enumerable.Repeat(1L, t.Rank).ToArray(), shape = t.ShapeToArray();
        for (int i = 0; i < axes.Length; i++)
        {
            int ax = TensorShapes.Axis(axes[i], t.Rank, c);
            long dim = t.Shape[ax], st = steps?[i] ?? 1;
            if (st == 0) throw c.Error("slice step 0");
            long b = starts[i] < 0 ? starts[i] + dim : starts[i], e = ends[i] < 0 ? ends[i] + dim : ends[i];
            if (st > 0)
            {
                b = Math.Clamp(b, 0, dim);
                e = Math.Clamp(e, 0, dim);
                shape[ax] = Math.Max(0, (e - b + st - 1) / st);
            }
            else
            {
                b = Math.Clamp(b, -1, dim - 1);
                e = Math.Clamp(e, -1, dim - 1);
                shape[ax] = Math.Max(0, (b - e + (-st) - 1) / (-st));
            }
            begin[ax] = b;
            step[ax] = st;
        }
        long[] strides = TensorShapes.Strides(t.Shape);
        long start = 0;
        var walk = new long[t.Rank];
        for (int d = 0; d < t.Rank; d++)
        {
            start += begin[d] * strides[d];
            walk[d] = strides[d] * step[d];
        }
        if (TensorShapes.Size(shape) == 0) start = 0;
        return [ElementTake.Take(t, TensorShapes.Gather(shape, walk, start), shape)];
    }

    private static Tensor View(OpContext c, Tensor t, long[] shape)
    {
        if (TensorShapes.Size(shape) != t.ElementCount) throw c.Error($"cannot view {t} as {TensorShapes.Format(shape)}");
        // Tensors are immutable, so a reshaped tensor can share its data array.
        return Tensor.FromArray(t.ElementType, shape, t.Data);
    }
}
