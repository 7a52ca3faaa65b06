using AgentChain.Inference.Reproducible;

namespace AgentChain.Inference.OnnxRuntime.Tests;

/// <summary>The shipped models run on both backends, and the two agree: same labels, probabilities within float32 noise.</summary>
public sealed class CrossBackendTests
{
    public CrossBackendTests() => OrtTestLibrary.Ensure();

    public static TheoryData<string> Models() => new(ShippedModel.Names);

    [Theory]
    [MemberData(nameof(Models))]
    public void Ort_and_the_reproducible_backend_agree_on_every_shipped_model(string name)
    {
        ShippedModel model = ShippedModel.Load(name);
        var input = new Dictionary<string, Tensor> { ["features"] = model.Input() };
        using IInferenceSession ort = new OnnxRuntimeBackend().Load(model.Bytes, InferenceOptions.Default);
        using IInferenceSession reproducible = new ReproducibleBackend().Load(model.Bytes, InferenceOptions.Default);
        Assert.Equal(ort.ModelHash, reproducible.ModelHash);
        IReadOnlyDictionary<string, Tensor> a = ort.Run(input), b = reproducible.Run(input);
        foreach (var (output, tensor) in a)
        {
            Tensor other = b[output];
            Assert.Equal(tensor.ShapeToArray(), other.ShapeToArray());
            if (tensor.ElementType == TensorElementType.Int64)
            {
                Assert.Equal(tensor.AsSpan<long>().ToArray(), other.AsSpan<long>().ToArray());
                continue;
            }
            ReadOnlySpan<float> x = tensor.AsSpan<float>(), y = other.AsSpan<float>();
            for (int i = 0; i < x.Length; i++)
                Assert.True(Math.Abs(x[i] - y[i]) <= 1e-4 * Math.Max(1, Math.Abs(x[i])), $"{name}.{output}[{i}]: ort {x[i]} vs reproducible {y[i]}");
        }
    }
}
