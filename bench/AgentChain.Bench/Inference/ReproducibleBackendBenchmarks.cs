using AgentChain.Inference;
using AgentChain.Inference.Onnx;
using AgentChain.Inference.Reproducible;
using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Onnx;

namespace AgentChain.Bench.Inference;

/// <summary>
/// The reproducible backend on a dense MLP (batch 32: 256→256 ReLU→256 tanh→10 softmax) and a small CNN
/// (Conv 3→16 3×3 on 32×32, ReLU, MaxPool, GlobalAveragePool), by thread count. Results are bit-identical at every
/// thread count (see DeterminismTests); this prints what the threads buy.
/// Run: dotnet run -c Release --project bench/AgentChain.Bench -- --filter '*ReproducibleBackendBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class ReproducibleBackendBenchmarks
{
    private IInferenceSession _mlp = null!;
    private IInferenceSession _cnn = null!;
    private Dictionary<string, Tensor> _mlpInput = null!;
    private Dictionary<string, Tensor> _cnnInput = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var backend = new ReproducibleBackend();
        var options = new InferenceOptions { Threads = Threads };
        _mlp = backend.Load(Mlp(), options);
        _cnn = backend.Load(Cnn(), options);
        _mlpInput = new() { ["x"] = Tensor.Create(Values(32 * 256, 1), 32, 256) };
        _cnnInput = new() { ["x"] = Tensor.Create(Values(4 * 3 * 32 * 32, 2), 4, 3, 32, 32) };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _mlp.Dispose();
        _cnn.Dispose();
    }

    [Benchmark]
    public Tensor DenseMlpBatch32() => _mlp.Run(_mlpInput)["y"];

    [Benchmark]
    public Tensor SmallCnnBatch4() => _cnn.Run(_cnnInput)["y"];

    private static byte[] Mlp() => Model(
        [
            Node("MatMul", ["x", "w1"], ["h1"]), Node("Relu", ["h1"], ["a1"]),
            Node("MatMul", ["a1", "w2"], ["h2"]), Node("Tanh", ["h2"], ["a2"]),
            Node("MatMul", ["a2", "w3"], ["h3"]), Node("Softmax", ["h3"], ["y"]),
        ],
        [
            OnnxTensorReader.ToProto(Tensor.Create(Values(256 * 256, 3, 0.1f), 256, 256), "w1"),
            OnnxTensorReader.ToProto(Tensor.Create(Values(256 * 256, 4, 0.1f), 256, 256), "w2"),
            OnnxTensorReader.ToProto(Tensor.Create(Values(256 * 10, 5, 0.1f), 256, 10), "w3"),
        ]);

    private static byte[] Cnn()
    {
        NodeProto conv = Node("Conv", ["x", "w", "b"], ["c"]);
        conv.Attribute.Add(Ints("kernel_shape", 3, 3));
        conv.Attribute.Add(Ints("pads", 1, 1, 1, 1));
        NodeProto pool = Node("MaxPool", ["r"], ["p"]);
        pool.Attribute.Add(Ints("kernel_shape", 2, 2));
        pool.Attribute.Add(Ints("strides", 2, 2));
        return Model(
            [conv, Node("Relu", ["c"], ["r"]), pool, Node("GlobalAveragePool", ["p"], ["y"])],
            [
                OnnxTensorReader.ToProto(Tensor.Create(Values(16 * 3 * 9, 6, 0.3f), 16, 3, 3, 3), "w"),
                OnnxTensorReader.ToProto(Tensor.Create(Values(16, 7, 0.1f), 16), "b"),
            ]);
    }

    private static byte[] Model(NodeProto[] nodes, TensorProto[] initializers)
    {
        var graph = new GraphProto { Name = "bench" };
        graph.Node.AddRange(nodes);
        graph.Initializer.AddRange(initializers);
        graph.Input.Add(new ValueInfoProto { Name = "x", Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorElementType.Float } } });
        graph.Output.Add(new ValueInfoProto { Name = "y", Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorElementType.Float } } });
        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return model.ToByteArray();
    }

    private static NodeProto Node(string op, string[] inputs, string[] outputs)
    {
        var node = new NodeProto { OpType = op };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        return node;
    }

    private static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    private static float[] Values(int count, ulong seed, float scale = 1f)
    {
        var result = new float[count];
        ulong state = seed * 6364136223846793005UL + 1442695040888963407UL;
        for (int i = 0; i < count; i++)
        {
            state = state * 6364136223846793005UL + 1442695040888963407UL;
            result[i] = ((state >> 40) / (float)(1 << 24) * 2f - 1f) * scale;
        }
        return result;
    }
}
