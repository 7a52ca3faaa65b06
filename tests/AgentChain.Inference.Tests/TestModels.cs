using AgentChain.Inference.Onnx;
using Google.Protobuf;
using Onnx;

namespace AgentChain.Inference.Tests;

/// <summary>Builds small ONNX models in code with the generated protobuf classes.</summary>
internal static class TestModels
{
    public static ValueInfoProto Value(string name, TensorElementType type, params long[] shape)
    {
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = new TensorShapeProto() };
        foreach (long d in shape)
            tensorType.Shape.Dim.Add(d < 0 ? new TensorShapeProto.Types.Dimension { DimParam = "batch" } : new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }

    public static NodeProto Node(string op, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = outputs[0] + "_" + op };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static TensorProto Initializer(string name, Tensor tensor) => OnnxTensorReader.ToProto(tensor, name);

    public static byte[] Model(IEnumerable<NodeProto> nodes, IEnumerable<ValueInfoProto> inputs, IEnumerable<ValueInfoProto> outputs,
        IEnumerable<TensorProto>? initializers = null, int opset = 13)
    {
        var graph = new GraphProto { Name = "test" };
        graph.Node.AddRange(nodes);
        graph.Input.AddRange(inputs);
        graph.Output.AddRange(outputs);
        if (initializers is not null) graph.Initializer.AddRange(initializers);
        var model = new ModelProto { IrVersion = 8, ProducerName = "AgentChain.Inference.Tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        return model.ToByteArray();
    }

    /// <summary>Deterministic pseudo-random floats in [-scale, scale) (a fixed LCG, independent of System.Random's algorithm).</summary>
    public static float[] Values(int count, ulong seed, float scale = 1f)
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

    /// <summary>
    /// A small CNN classifier: Conv 3→8 (3×3, pad 1) → Relu → MaxPool 2×2 → Conv 8→16 (3×3, group 2, dilation 2,
    /// stride 2, pad 2) → Tanh → GlobalAveragePool → Flatten → Gemm 16→64 (transB) → Sigmoid → MatMul 64→10 → Softmax.
    /// </summary>
    public static byte[] ConvGemmClassifier()
    {
        var inits = new[]
        {
            Initializer("w1", Tensor.Create(Values(8 * 3 * 3 * 3, 1, 0.4f), 8, 3, 3, 3)),
            Initializer("b1", Tensor.Create(Values(8, 2, 0.1f), 8)),
            Initializer("w2", Tensor.Create(Values(16 * 4 * 3 * 3, 3, 0.3f), 16, 4, 3, 3)),
            Initializer("b2", Tensor.Create(Values(16, 4, 0.1f), 16)),
            Initializer("w3", Tensor.Create(Values(64 * 16, 5, 0.5f), 64, 16)),
            Initializer("b3", Tensor.Create(Values(64, 6, 0.1f), 64)),
            Initializer("w4", Tensor.Create(Values(64 * 10, 7, 0.5f), 64, 10)),
        };
        var nodes = new[]
        {
            Node("Conv", ["image", "w1", "b1"], ["c1"], Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1)),
            Node("Relu", ["c1"], ["r1"]),
            Node("MaxPool", ["r1"], ["p1"], Ints("kernel_shape", 2, 2), Ints("strides", 2, 2)),
            Node("Conv", ["p1", "w2", "b2"], ["c2"], Ints("kernel_shape", 3, 3), Ints("pads", 2, 2, 2, 2), Ints("dilations", 2, 2), Ints("strides", 2, 2), Int("group", 2)),
            Node("Tanh", ["c2"], ["t2"]),
            Node("GlobalAveragePool", ["t2"], ["g"]),
            Node("Flatten", ["g"], ["f"]),
            Node("Gemm", ["f", "w3", "b3"], ["h"], Int("transB", 1)),
            Node("Sigmoid", ["h"], ["s"]),
            Node("MatMul", ["s", "w4"], ["logits"]),
            Node("Softmax", ["logits"], ["probabilities"]),
        };
        return Model(nodes, [Value("image", TensorElementType.Float, -1, 3, 48, 48)], [Value("probabilities", TensorElementType.Float, -1, 10)], inits);
    }

    /// <summary>A wide dense layer big enough to take the threaded, vectorised MatMul path: [64,256] · [256,192] + bias.</summary>
    public static byte[] WideDense()
    {
        var inits = new[]
        {
            Initializer("w", Tensor.Create(Values(256 * 192, 11, 0.2f), 256, 192)),
            Initializer("b", Tensor.Create(Values(192, 12, 0.1f), 192)),
        };
        var nodes = new[]
        {
            Node("MatMul", ["x", "w"], ["xw"]),
            Node("Add", ["xw", "b"], ["y0"]),
            Node("Relu", ["y0"], ["y1"]),
            Node("ReduceSum", ["y1"], ["y"], Int("keepdims", 0)),
        };
        return Model(nodes, [Value("x", TensorElementType.Float, 64, 256)], [Value("y1", TensorElementType.Float, 64, 192), Value("y", TensorElementType.Float)], inits);
    }
}
