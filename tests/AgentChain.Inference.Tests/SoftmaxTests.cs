using AgentChain.Inference.Reproducible;
using static AgentChain.Inference.Tests.TestModels;

namespace AgentChain.Inference.Tests;

/// <summary>The float32 Softmax path (row by row, no whole-tensor double copies) against the double path it shortcuts.</summary>
public sealed class SoftmaxTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(64, 10)]
    [InlineData(7, 33)]
    public void FloatSoftmax_IsTheDoubleSoftmaxRoundedOnce(int rows, int dim)
    {
        float[] logits = Values(rows * dim, 31, 40f);
        logits[0] = float.NegativeInfinity; // exp(-inf - max) = 0
        if (rows > 2) logits[2 * dim] = float.NaN; // a NaN row stays NaN
        float[] viaFloat = Softmax(Tensor.Create(logits, rows, dim), TensorElementType.Float).AsSpan<float>().ToArray();
        double[] viaDouble = Softmax(Tensor.Create(logits.Select(v => (double)v).ToArray(), rows, dim), TensorElementType.Double).AsSpan<double>().ToArray();
        Assert.Equal(viaDouble.Select(v => BitConverter.SingleToInt32Bits((float)v)), viaFloat.Select(BitConverter.SingleToInt32Bits));
    }

    private static Tensor Softmax(Tensor x, TensorElementType type)
    {
        byte[] model = Model([Node("Softmax", ["x"], ["y"])], [Value("x", type, x.ShapeToArray())], [Value("y", type)]);
        using IInferenceSession session = new ReproducibleBackend().Load(model, new InferenceOptions { Threads = 1 });
        return session.Run(new Dictionary<string, Tensor> { ["x"] = x })["y"];
    }
}
