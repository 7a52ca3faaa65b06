namespace AgentChain.Inference.OnnxRuntime.Tests;

public sealed class DeterminismTests
{
    public DeterminismTests() => OrtTestLibrary.Ensure();

    [Fact]
    public void The_deterministic_profile_gives_bit_identical_outputs_across_runs_and_sessions()
    {
        ShippedModel model = ShippedModel.Load("digits_mlp");
        var input = new Dictionary<string, Tensor> { ["features"] = model.Input() };
        using IInferenceSession first = new OnnxRuntimeBackend().Load(model.Bytes, InferenceOptions.Default);
        using IInferenceSession second = new OnnxRuntimeBackend().Load(model.Bytes, new InferenceOptions { Deterministic = true, Threads = 8 });
        IReadOnlyDictionary<string, Tensor> reference = first.Run(input);
        for (int i = 0; i < 100; i++)
        {
            IInferenceSession session = i % 2 == 0 ? first : second;
            IReadOnlyDictionary<string, Tensor> again = session.Run(input);
            foreach (var (name, tensor) in reference)
                Assert.True(tensor.BitwiseEquals(again[name]), $"run {i}: output {name} differs");
        }
    }

    [Fact]
    public void Concurrent_runs_on_one_session_agree()
    {
        ShippedModel model = ShippedModel.Load("breast_cancer_risk");
        var input = new Dictionary<string, Tensor> { ["features"] = model.Input() };
        using IInferenceSession session = new OnnxRuntimeBackend().Load(model.Bytes, InferenceOptions.Default);
        Tensor reference = session.Run(input)["probabilities"];
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            _ => Assert.True(reference.BitwiseEquals(session.Run(input)["probabilities"])));
    }

    [Fact]
    public void Runtime_ids_name_version_device_and_profile()
    {
        ShippedModel model = ShippedModel.Load("wine_cultivar");
        var backend = new OnnxRuntimeBackend();
        using var deterministic = (OnnxRuntimeSession)backend.Load(model.Bytes, InferenceOptions.Default);
        using var fast = (OnnxRuntimeSession)backend.Load(model.Bytes, new InferenceOptions { Deterministic = false, Threads = 2 });
        Assert.Matches(@"^onnxruntime-1\.30\.\d+/cpu-[a-z0-9-]+/deterministic$", deterministic.RuntimeId);
        Assert.EndsWith("/fast", fast.RuntimeId);
        Assert.Equal(deterministic.RuntimeId, backend.RuntimeId);
        Assert.Equal("ort", backend.Name);
    }
}
