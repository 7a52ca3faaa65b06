namespace AgentChain.Inference.OnnxRuntime.Tests;

/// <summary>double, int32, int64, bool, uint8 and float cross the boundary both ways (fixtures/element_types.onnx).</summary>
public sealed class ElementTypeTests
{
    public ElementTypeTests() => OrtTestLibrary.Ensure();

    [Fact]
    public void Every_supported_element_type_goes_in_and_comes_out()
    {
        using IInferenceSession session = new OnnxRuntimeBackend().Load(File.ReadAllBytes(OrtTestLibrary.Fixture("element_types.onnx")), InferenceOptions.Default);
        Assert.Equal(
            [TensorElementType.Double, TensorElementType.Int32, TensorElementType.Int64, TensorElementType.Bool, TensorElementType.UInt8, TensorElementType.Float],
            session.Inputs.Select(i => i.ElementType));
        Assert.Equal("n", session.Inputs[0].Shape![0].Symbol);
        Assert.Equal(3, session.Inputs[0].Shape![1].Value);

        var outputs = session.Run(new Dictionary<string, Tensor>
        {
            ["d_in"] = Tensor.Create(new[] { 0.1, -2.5, 1e300, 3, 4, 5 }, 2, 3),
            ["i_in"] = Tensor.Create(new[] { 1, -2, int.MaxValue / 2, 7, 8, 9 }, 2, 3),
            ["l_in"] = Tensor.Create(new[] { 3L, -4L, 3_000_000_000L, 0, 1, 2 }, 2, 3),
            ["b_in"] = Tensor.Create(new[] { true, false, true, false, false, true }, 2, 3),
            ["u_in"] = Tensor.Create(new byte[] { 0, 1, 255, 128, 7, 9 }, 2, 3),
            ["f_in"] = Tensor.Create(new[] { 0.1f, -1.5f, 3.25f, float.MaxValue, 0, 1 }, 2, 3),
        });

        Assert.Equal(new[] { 0.2, -5.0, 2e300, 6, 8, 10 }, outputs["d_out"].AsSpan<double>().ToArray());
        Assert.Equal(new[] { 2, -4, int.MaxValue - 1, 14, 16, 18 }, outputs["i_out"].AsSpan<int>().ToArray());
        Assert.Equal(new[] { 9L, 16L, 9_000_000_000_000_000_000L, 0, 1, 4 }, outputs["l_out"].AsSpan<long>().ToArray());
        Assert.Equal(new[] { false, true, false, true, true, false }, outputs["b_out"].AsSpan<bool>().ToArray());
        Assert.Equal(new byte[] { 0, 1, 255, 128, 7, 9 }, outputs["u_out"].AsSpan<byte>().ToArray());
        Assert.Equal(new[] { (double)0.1f, -1.5, 3.25, float.MaxValue, 0, 1 }, outputs["f_out"].AsSpan<double>().ToArray());
        Assert.All(outputs.Values, t => Assert.Equal(new long[] { 2, 3 }, t.ShapeToArray()));
    }
}
