using System.Security.Cryptography;
using AgentChain.Core.Types;
using Google.Protobuf;
using Onnx;

namespace AgentChain.Inference.Onnx;

/// <summary>
/// A parsed ONNX model reduced to what a backend executes: the nodes in graph order, the initializers as tensors,
/// the caller-facing inputs and outputs, the opset imports and declared value infos.
/// </summary>
internal sealed class OnnxModel
{
    private OnnxModel(Hash256 hash, long irVersion, IReadOnlyDictionary<string, long> opsets, IReadOnlyList<OnnxNode> nodes,
        IReadOnlyDictionary<string, Tensor> initializers, IReadOnlyList<TensorInfo> inputs, IReadOnlyList<TensorInfo> outputs,
        IReadOnlyDictionary<string, TensorInfo> valueInfos)
    {
        Hash = hash;
        IrVersion = irVersion;
        Opsets = opsets;
        Nodes = nodes;
        Initializers = initializers;
        Inputs = inputs;
        Outputs = outputs;
        ValueInfos = valueInfos;
    }

    /// <summary>SHA-256 of the exact bytes parsed.</summary>
    public Hash256 Hash { get; }

    public long IrVersion { get; }

    /// <summary>Opset version per domain ("" is the default ONNX domain).</summary>
    public IReadOnlyDictionary<string, long> Opsets { get; }

    public IReadOnlyList<OnnxNode> Nodes { get; }

    public IReadOnlyDictionary<string, Tensor> Initializers { get; }

    /// <summary>Graph inputs the caller feeds: declared inputs that no initializer provides.</summary>
    public IReadOnlyList<TensorInfo> Inputs { get; }

    public IReadOnlyList<TensorInfo> Outputs { get; }

    /// <summary>Declared types of intermediate values (graph.value_info), by name.</summary>
    public IReadOnlyDictionary<string, TensorInfo> ValueInfos { get; }

    /// <summary>
    /// Parses and checks a model. <paramref name="checkNode"/> sees every node before anything else is checked, so a
    /// backend reports an unsupported operator ahead of any other complaint about the model.
    /// </summary>
    public static OnnxModel Parse(ReadOnlyMemory<byte> bytes, Action<OnnxNode>? checkNode = null)
    {
        Hash256 hash = new(SHA256.HashData(bytes.Span));
        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(bytes.Span);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidModelException($"not an ONNX model (protobuf parse failed: {e.Message})", e);
        }
        if (proto.Graph is null) throw new InvalidModelException("the ONNX model has no graph");

        var opsets = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (OperatorSetIdProto o in proto.OpsetImport)
            opsets[o.Domain is "ai.onnx" ? "" : o.Domain] = o.Version;
        // IR version 3+ must import opsets; older models implicitly use opset 1 of the default domain.
        if (!opsets.ContainsKey("")) opsets[""] = 1;

        GraphProto g = proto.Graph;
        var nodes = new List<OnnxNode>(g.Node.Count);
        foreach (NodeProto n in g.Node)
        {
            string domain = n.Domain is "ai.onnx" ? "" : n.Domain;
            int version = opsets.TryGetValue(domain, out long v) ? checked((int)v)
                : throw new InvalidModelException($"node '{n.Name}' ({n.OpType}) uses domain '{n.Domain}' that the model does not import");
            var node = new OnnxNode(n, version);
            checkNode?.Invoke(node);
            nodes.Add(node);
        }

        var initializers = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (TensorProto t in g.Initializer)
        {
            if (string.IsNullOrEmpty(t.Name)) throw new InvalidModelException("an initializer has no name");
            if (!initializers.TryAdd(t.Name, OnnxTensorReader.ToTensor(t)))
                throw new InvalidModelException($"initializer '{t.Name}' is defined twice");
        }
        if (g.SparseInitializer.Count > 0)
            throw new InvalidModelException("sparse initializers are not supported; densify them before export");

        var inputs = g.Input.Where(v => !initializers.ContainsKey(v.Name)).Select(v => ToInfo(v, "graph input")).ToList();
        var outputs = g.Output.Select(v => ToInfo(v, "graph output")).ToList();
        var valueInfos = new Dictionary<string, TensorInfo>(StringComparer.Ordinal);
        foreach (ValueInfoProto v in g.ValueInfo)
            if (v.Type?.TensorType is not null) valueInfos[v.Name] = ToInfo(v, "value_info");

        // Check names: every node input must be produced before it is used (ONNX requires topological order).
        var defined = new HashSet<string>(initializers.Keys, StringComparer.Ordinal);
        foreach (TensorInfo i in inputs) defined.Add(i.Name);
        foreach (OnnxNode node in nodes)
        {
            foreach (string input in node.Inputs)
                if (input.Length > 0 && !defined.Contains(input))
                    throw new InvalidModelException($"{node}: input '{input}' is not a graph input, an initializer or an earlier node's output (nodes must be in topological order)");
            foreach (string output in node.Outputs)
                if (output.Length > 0) defined.Add(output);
        }
        foreach (TensorInfo o in outputs)
            if (!defined.Contains(o.Name))
                throw new InvalidModelException($"graph output '{o.Name}' is never produced");

        return new OnnxModel(hash, proto.IrVersion, opsets, nodes, initializers, inputs, outputs, valueInfos);
    }

    private static TensorInfo ToInfo(ValueInfoProto v, string role)
    {
        TypeProto.Types.Tensor? t = v.Type?.TensorType;
        if (t is null)
            throw new InvalidModelException($"{role} '{v.Name}' is not a tensor (sequence, map, optional and sparse values are not supported)");
        IReadOnlyList<TensorDimension>? shape = t.Shape?.Dim.Select(d =>
            d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? TensorDimension.Fixed(d.DimValue)
            : d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam && d.DimParam.Length > 0 ? TensorDimension.Symbolic(d.DimParam)
            : TensorDimension.Unknown).ToArray();
        return new TensorInfo(v.Name, (TensorElementType)t.ElemType, shape);
    }
}
