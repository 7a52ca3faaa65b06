namespace AgentChain.Inference.Reproducible.Operators;

/// <summary>BatchNormalization in inference mode: y = (x − mean) / sqrt(var + ε) · scale + bias, per channel (axis 1), evaluated in double in that order and rounded once.</summary>
internal static class NormalizationOps
{
    public static Tensor[] BatchNormalization(OpContext c, Tensor?[] x)
    {
        if (c.Attributes.GetInt("training_mode", 0) != 0 || (c.OpsetVersion >= 9 && c.OutputCount > 1))
            throw c.Error("BatchNormalization training mode (running statistics outputs) is not supported by the reproducible backend");
        Tensor input = c.Required(x, 0);
        double eps = c.Attributes.GetFloat("epsilon", 1e-5f);
        double[] xd = D(input), scale = D(c.Required(x, 1)), bias = D(c.Required(x, 2)), mean = D(c.Required(x, 3)), variance = D(c.Required(x, 4));
        long channels = input.Rank > 1 ? input.Shape[1] : 1;
        long inner = channels == 0 ? 0 : input.ElementCount / (input.Shape[0] * channels);
        var y = new double[xd.Length];
        for (long i = 0; i < xd.Length; i++)
        {
            long ch = i / inner % channels;
            y[i] = (xd[i] - mean[ch]) / Math.Sqrt(variance[ch] + eps) * scale[ch] + bias[ch];
        }
        return [CastOps.Convert(Tensor.FromArray(TensorElementType.Double, input.ShapeToArray(), y), input.ElementType)];
    }

    private static double[] D(Tensor t) => (double[])CastOps.Convert(t, TensorElementType.Double).Data;
}
