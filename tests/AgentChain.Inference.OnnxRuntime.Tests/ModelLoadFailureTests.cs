namespace AgentChain.Inference.OnnxRuntime.Tests;

/// <summary>Bad model bytes come back as the contract's exceptions carrying ORT's error, never a crash.</summary>
public sealed class ModelLoadFailureTests
{
    public ModelLoadFailureTests() => OrtTestLibrary.Ensure();

    [Fact]
    public void Random_bytes_are_an_invalid_model_with_ORTs_error_inside()
    {
        var bytes = new byte[256];
        new Random(7).NextBytes(bytes);
        var e = Assert.Throws<InvalidModelException>(() => new OnnxRuntimeBackend().Load(bytes, InferenceOptions.Default));
        var ort = Assert.IsType<OnnxRuntimeException>(e.InnerException);
        Assert.Equal("CreateSessionFromArray", ort.Operation);
        Assert.NotEqual(OrtErrorCode.Ok, ort.ErrorCode);
        Assert.Contains(ort.OrtMessage, e.Message);
    }

    [Fact]
    public void A_truncated_model_is_an_invalid_model()
    {
        byte[] model = ShippedModel.Load("digits_mlp").Bytes;
        var e = Assert.Throws<InvalidModelException>(() => new OnnxRuntimeBackend().Load(model.AsMemory(0, model.Length / 2), InferenceOptions.Default));
        Assert.IsType<OnnxRuntimeException>(e.InnerException);
    }

    [Fact]
    public void Empty_bytes_are_an_invalid_model()
    {
        Assert.ThrowsAny<InferenceException>(() => new OnnxRuntimeBackend().Load(ReadOnlyMemory<byte>.Empty, InferenceOptions.Default));
    }

    [Fact]
    public void An_unknown_operator_is_reported_by_name()
    {
        byte[] model = File.ReadAllBytes(OrtTestLibrary.Fixture("unknown_op.onnx"));
        var e = Assert.Throws<UnsupportedOperatorException>(() => new OnnxRuntimeBackend().Load(model, InferenceOptions.Default));
        Assert.Equal("NoSuchOperator", e.OpType);
        Assert.Equal("op NoSuchOperator not supported by backend ort", e.Message);
    }

    [Fact]
    public void An_operator_of_a_domain_ORT_was_built_without_is_reported_with_its_domain()
    {
        // The npm build of ORT has no training ops; it says "ai.onnx.preview.training:Adagrad(-1) is not a registered function/op".
        string model = Path.Combine(ConformanceTests.NodeTests, "test_adagrad", "model.onnx");
        Assert.True(File.Exists(model), $"{model} not found: apt-get install -y libonnx-testdata");
        var e = Assert.Throws<UnsupportedOperatorException>(() => new OnnxRuntimeBackend().Load(File.ReadAllBytes(model), InferenceOptions.Default));
        Assert.Equal("ai.onnx.preview.training.Adagrad", e.OpType);
        Assert.Equal("ort", e.Backend);
    }

    [Fact]
    public void The_backend_still_works_after_failures()
    {
        Assert.ThrowsAny<InferenceException>(() => new OnnxRuntimeBackend().Load(new byte[] { 1, 2, 3 }, InferenceOptions.Default));
        ShippedModel model = ShippedModel.Load("wine_cultivar");
        using IInferenceSession session = new OnnxRuntimeBackend().Load(model.Bytes, InferenceOptions.Default);
        Assert.Equal(3, session.Run(new Dictionary<string, Tensor> { ["features"] = model.Input() })["probabilities"].Shape[1]);
    }
}
