namespace AgentChain.Inference.OnnxRuntime.Tests;

public sealed class InputValidationTests : IDisposable
{
    private readonly IInferenceSession _session;

    public InputValidationTests()
    {
        OrtTestLibrary.Ensure();
        _session = new OnnxRuntimeBackend().Load(ShippedModel.Load("wine_cultivar").Bytes, InferenceOptions.Default);
    }

    public void Dispose() => _session.Dispose();

    [Fact]
    public void A_missing_input_is_named()
    {
        var e = Assert.Throws<InvalidInputException>(() => _session.Run(new Dictionary<string, Tensor>()));
        Assert.Contains("missing input 'features'", e.Message);
    }

    [Fact]
    public void An_unknown_input_is_named()
    {
        var e = Assert.Throws<InvalidInputException>(() => _session.Run(new Dictionary<string, Tensor>
        {
            ["features"] = Tensor.Create(new float[13], 1, 13),
            ["extra"] = Tensor.Create(new float[1], 1),
        }));
        Assert.Contains("no input 'extra'", e.Message);
    }

    [Fact]
    public void A_wrong_element_type_is_refused()
    {
        var e = Assert.Throws<InvalidInputException>(() => _session.Run(new Dictionary<string, Tensor> { ["features"] = Tensor.Create(new double[13], 1, 13) }));
        Assert.Contains("must be Float but is Double", e.Message);
    }

    [Fact]
    public void A_wrong_fixed_dimension_is_refused()
    {
        var e = Assert.Throws<InvalidInputException>(() => _session.Run(new Dictionary<string, Tensor> { ["features"] = Tensor.Create(new float[12], 1, 12) }));
        Assert.Contains("features: Float[batch,13]", e.Message);
    }

    [Fact]
    public void A_wrong_rank_is_refused()
    {
        Assert.Throws<InvalidInputException>(() => _session.Run(new Dictionary<string, Tensor> { ["features"] = Tensor.Create(new float[13], 13) }));
    }

    [Fact]
    public void The_symbolic_batch_dimension_takes_any_size_including_zero()
    {
        Assert.Equal(new long[] { 5, 3 }, _session.Run(new Dictionary<string, Tensor> { ["features"] = Tensor.Create(new float[65], 5, 13) })["probabilities"].ShapeToArray());
        Assert.Equal(new long[] { 0 }, _session.Run(new Dictionary<string, Tensor> { ["features"] = Tensor.Create(new float[0], 0, 13) })["label"].ShapeToArray());
    }

    [Fact]
    public void A_disposed_session_refuses_to_run()
    {
        IInferenceSession session = new OnnxRuntimeBackend().Load(ShippedModel.Load("wine_cultivar").Bytes, InferenceOptions.Default);
        session.Dispose();
        Assert.Throws<ObjectDisposedException>(() => session.Run(new Dictionary<string, Tensor> { ["features"] = Tensor.Create(new float[13], 1, 13) }));
    }
}
