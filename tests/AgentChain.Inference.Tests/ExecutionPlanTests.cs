using AgentChain.Inference.Onnx;
using AgentChain.Inference.Reproducible;
using Onnx;
using static AgentChain.Inference.Tests.TestModels;

namespace AgentChain.Inference.Tests;

/// <summary>Dense-layer fusion in the reproducible backend's plan: when it applies, and that it never changes a bit.</summary>
public sealed class ExecutionPlanTests
{
    private const int K = 37, N = 45; // not multiples of any vector width: every kernel tail runs

    /// <summary>x·w + b → Tanh, twice (bias operand first in the second layer), then x·w2 + b2 without an activation.</summary>
    private static byte[] DenseLayers(bool exposeIntermediates, bool biasFirst = false, long[]? inputShape = null)
    {
        var inits = new[]
        {
            Initializer("w1", Tensor.Create(Values(K * N, 21, 0.4f), K, N)),
            Initializer("b1", Tensor.Create(Values(N, 22, 0.5f), N)),
            Initializer("w2", Tensor.Create(Values(N * N, 23, 0.3f), N, N)),
            Initializer("b2", Tensor.Create(Values(N, 24, 0.5f), 1, N)),
            Initializer("w3", Tensor.Create(Values(N * 10, 25, 0.3f), N, 10)),
            Initializer("b3", Tensor.Create(Values(10, 26, 0.5f), 10)),
        };
        var nodes = new[]
        {
            Node("MatMul", ["x", "w1"], ["p1"]), Node("Add", ["p1", "b1"], ["s1"]), Node("Tanh", ["s1"], ["h1"]),
            Node("MatMul", ["h1", "w2"], ["p2"]), Node("Add", biasFirst ? ["b2", "p2"] : ["p2", "b2"], ["s2"]), Node("Tanh", ["s2"], ["h2"]),
            Node("MatMul", ["h2", "w3"], ["p3"]), Node("Add", ["p3", "b3"], ["y"]),
        };
        var outputs = new List<ValueInfoProto> { Value("y", TensorElementType.Float) };
        // A graph output is used outside the layer, so the layer must not be fused past it.
        if (exposeIntermediates) outputs.AddRange([Value("p1", TensorElementType.Float), Value("s2", TensorElementType.Float)]);
        return Model(nodes, [Value("x", TensorElementType.Float, inputShape ?? [-1, K])], outputs, inits);
    }

    [Fact]
    public void DenseLayers_AreFusedIntoOneStepEach_UnlessAnIntermediateIsUsedElsewhere()
    {
        Assert.Equal(["MatMul", "MatMul", "MatMul"], ExecutionPlan.Build(OnnxModel.Parse(DenseLayers(false))).Select(s => s.Node.OpType));
        ExecutionStep[] partly = ExecutionPlan.Build(OnnxModel.Parse(DenseLayers(true)));
        // Layer 1: p1 is a graph output → nothing fused. Layer 2: s2 is a graph output → MatMul+Add fused, Tanh alone.
        Assert.Equal(["MatMul", "Add", "Tanh", "MatMul", "Tanh", "MatMul"], partly.Select(s => s.Node.OpType));
        Assert.Equal(["s2"], partly[3].Outputs);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(64)]
    public void FusedLayers_GiveTheBitsOfTheSeparateKernels(int batch)
    {
        var input = new Dictionary<string, Tensor> { ["x"] = Tensor.Create(Values(batch * K, 27, 3f), batch, K) };
        foreach (bool biasFirst in new[] { false, true })
        {
            float[] fused = Run(DenseLayers(false, biasFirst), input);
            float[] separate = Run(DenseLayers(true, biasFirst), input);
            Assert.Equal(separate.Select(BitConverter.SingleToInt32Bits), fused.Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Fact]
    public void ABatchedLeftOperand_TakesTheSeparateKernels_WithTheSameBits()
    {
        // 3-D x: the fused step falls back to MatMul, Add and Tanh one after another.
        var input = new Dictionary<string, Tensor> { ["x"] = Tensor.Create(Values(2 * 3 * K, 28, 3f), 2, 3, K) };
        float[] fused = Run(DenseLayers(false, inputShape: [2, 3, K]), input);
        float[] separate = Run(DenseLayers(true, inputShape: [2, 3, K]), input);
        Assert.Equal(2 * 3 * 10, fused.Length);
        Assert.Equal(separate.Select(BitConverter.SingleToInt32Bits), fused.Select(BitConverter.SingleToInt32Bits));
    }

    private static float[] Run(byte[] model, Dictionary<string, Tensor> input)
    {
        using IInferenceSession session = new ReproducibleBackend().Load(model, new InferenceOptions { Threads = 1 });
        return session.Run(input)["y"].AsSpan<float>().ToArray();
    }
}
