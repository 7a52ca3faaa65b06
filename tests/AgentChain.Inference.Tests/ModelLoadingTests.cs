using System.Security.Cryptography;
using AgentChain.Inference.Onnx;
using AgentChain.Inference.Reproducible;
using Google.Protobuf;
using Onnx;
using static AgentChain.Inference.Tests.TestModels;

namespace AgentChain.Inference.Tests;

public sealed class ModelLoadingTests
{
    private static readonly ReproducibleBackend Backend = new();

    private static byte[] AddModel(out Tensor bias)
    {
        bias = Tensor.Create(new[] { 1f, 2f, 3f }, 3);
        return Model([Node("Add", ["x", "bias"], ["y"])], [Value("x", TensorElementType.Float, -1, 3)], [Value("y", TensorElementType.Float, -1, 3)],
            [Initializer("bias", bias)]);
    }

    [Fact]
    public void UnsupportedOperator_HasTheExactMessage()
    {
        byte[] model = Model([Node("Loop", ["x"], ["y"])], [Value("x", TensorElementType.Float, 1)], [Value("y", TensorElementType.Float, 1)]);
        var e = Assert.Throws<UnsupportedOperatorException>(() => Backend.Load(model, InferenceOptions.Default));
        Assert.Equal("op Loop not supported by backend reproducible", e.Message);
        Assert.Equal("Loop", e.OpType);
    }

    [Fact]
    public void OperatorFromAnotherDomain_IsUnsupportedWithItsDomain()
    {
        var node = Node("ZipMap", ["x"], ["y"]);
        node.Domain = "ai.onnx.ml";
        var proto = ModelProto.Parser.ParseFrom(Model([node], [Value("x", TensorElementType.Float, 1)], [Value("y", TensorElementType.Float, 1)]));
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "ai.onnx.ml", Version = 1 });
        var e = Assert.Throws<UnsupportedOperatorException>(() => Backend.Load(proto.ToByteArray(), InferenceOptions.Default));
        Assert.Equal("op ai.onnx.ml.ZipMap not supported by backend reproducible", e.Message);
    }

    [Fact]
    public void ModelHash_IsSha256OfTheLoadedBytes_AndMetadataIsExposed()
    {
        byte[] model = AddModel(out _);
        using IInferenceSession session = Backend.Load(model, InferenceOptions.Default);
        Assert.Equal(SHA256.HashData(model), session.ModelHash.ToArray());
        TensorInfo input = Assert.Single(session.Inputs); // the initializer is not a caller input
        Assert.Equal("x", input.Name);
        Assert.Equal(TensorElementType.Float, input.ElementType);
        Assert.Equal([TensorDimension.Symbolic("batch"), TensorDimension.Fixed(3)], input.Shape!);
        Assert.Equal("y", Assert.Single(session.Outputs).Name);
    }

    [Fact]
    public void Run_BroadcastsTheInitializer()
    {
        using IInferenceSession session = Backend.Load(AddModel(out _), InferenceOptions.Default);
        Tensor y = session.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.Create(new[] { 10f, 20f, 30f, 40f, 50f, 60f }, 2, 3) })["y"];
        Assert.Equal([2L, 3L], y.ShapeToArray());
        Assert.Equal([11f, 22f, 33f, 41f, 52f, 63f], y.AsSpan<float>().ToArray());
    }

    [Fact]
    public void WrongInputs_AreRejectedWithClearMessages()
    {
        using IInferenceSession session = Backend.Load(AddModel(out _), InferenceOptions.Default);
        var missing = Assert.Throws<InvalidInputException>(() => session.Run(new Dictionary<string, Tensor>()));
        Assert.Contains("missing input 'x'", missing.Message);
        var type = Assert.Throws<InvalidInputException>(() => session.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.Create(new[] { 1.0, 2.0, 3.0 }, 1, 3) }));
        Assert.Contains("must be Float but a Double tensor was given", type.Message);
        var shape = Assert.Throws<InvalidInputException>(() => session.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.Create(new[] { 1f, 2f }, 1, 2) }));
        Assert.Contains("dimension 1 is 2", shape.Message);
        var rank = Assert.Throws<InvalidInputException>(() => session.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.Create(new[] { 1f, 2f, 3f }, 3) }));
        Assert.Contains("rank 2", rank.Message);
        var unknown = Assert.Throws<InvalidInputException>(() => session.Run(new Dictionary<string, Tensor>
        {
            ["x"] = Tensor.Create(new[] { 1f, 2f, 3f }, 1, 3),
            ["z"] = Tensor.Scalar(1f),
        }));
        Assert.Contains("unknown input 'z'", unknown.Message);
    }

    [Fact]
    public void ExternalData_IsRejectedClearly()
    {
        var proto = ModelProto.Parser.ParseFrom(AddModel(out _));
        TensorProto bias = proto.Graph.Initializer[0];
        bias.ClearRawData();
        bias.DataLocation = TensorProto.Types.DataLocation.External;
        bias.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "weights.bin" });
        var e = Assert.Throws<InvalidModelException>(() => Backend.Load(proto.ToByteArray(), InferenceOptions.Default));
        Assert.Contains("external file", e.Message);
    }

    [Fact]
    public void NotAModel_IsAnInvalidModelException()
    {
        Assert.Throws<InvalidModelException>(() => Backend.Load(new byte[] { 0xff, 0xff, 0xff, 0x01, 0x02 }, InferenceOptions.Default));
    }

    [Fact]
    public void NodesOutOfOrder_AreRejected()
    {
        byte[] model = Model([Node("Relu", ["a"], ["y"]), Node("Neg", ["x"], ["a"])],
            [Value("x", TensorElementType.Float, 1)], [Value("y", TensorElementType.Float, 1)]);
        var e = Assert.Throws<InvalidModelException>(() => Backend.Load(model, InferenceOptions.Default));
        Assert.Contains("topological order", e.Message);
    }

    [Fact]
    public void TypedFieldAndRawDataInitializers_ReadTheSame()
    {
        var typed = new TensorProto { DataType = (int)TensorElementType.Float, Name = "t" };
        typed.Dims.Add(2);
        typed.FloatData.Add([1.5f, -2.25f]);
        var raw = OnnxTensorReader.ToProto(Tensor.Create(new[] { 1.5f, -2.25f }, 2), "t");
        Assert.True(OnnxTensorReader.ToTensor(typed).BitwiseEquals(OnnxTensorReader.ToTensor(raw)));

        var halves = new TensorProto { DataType = (int)TensorElementType.Float16 };
        halves.Dims.Add(1);
        halves.Int32Data.Add(BitConverter.HalfToUInt16Bits((Half)0.5f));
        Assert.Equal((Half)0.5f, OnnxTensorReader.ToTensor(halves).AsSpan<Half>()[0]);

        var bools = new TensorProto { DataType = (int)TensorElementType.Bool, RawData = ByteString.CopyFrom(0, 1, 2) };
        bools.Dims.Add(3);
        Assert.Equal([false, true, true], OnnxTensorReader.ToTensor(bools).AsSpan<bool>().ToArray());
    }

    [Fact]
    public void TensorData_MustMatchItsShape()
    {
        var bad = new TensorProto { DataType = (int)TensorElementType.Float };
        bad.Dims.Add(3);
        bad.FloatData.Add(1f);
        Assert.Throws<InvalidModelException>(() => OnnxTensorReader.ToTensor(bad));
        Assert.Throws<ArgumentException>(() => Tensor.Create(new[] { 1f, 2f }, 3));
    }

    [Fact]
    public void Catalog_CreatesTheReproducibleBackendAndListsNamesOnError()
    {
        var catalog = InferenceBackendCatalog.CreateDefault();
        Assert.Equal("reproducible-v2", catalog.Create("reproducible").RuntimeId);
        var e = Assert.Throws<InferenceException>(() => catalog.Create("nope"));
        Assert.Contains("known: reproducible", e.Message);
    }
}
