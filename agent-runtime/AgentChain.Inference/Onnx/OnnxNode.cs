using Onnx;

namespace AgentChain.Inference.Onnx;

/// <summary>One graph node as the backends see it: operator, resolved opset version, value names and attributes.</summary>
internal sealed class OnnxNode
{
    public OnnxNode(NodeProto proto, int opsetVersion)
    {
        OpType = proto.OpType;
        Domain = proto.Domain is "ai.onnx" ? "" : proto.Domain;
        Name = proto.Name;
        OpsetVersion = opsetVersion;
        Inputs = proto.Input.ToArray();
        Outputs = proto.Output.ToArray();
        Attributes = new OnnxAttributes(proto.Attribute, this);
    }

    public string OpType { get; }

    /// <summary>Operator domain; the default ONNX domain is "" (also when the model spells it "ai.onnx").</summary>
    public string Domain { get; }

    /// <summary>The op type qualified by its domain when that is not the default one (e.g. "ai.onnx.ml.ZipMap").</summary>
    public string QualifiedOpType => Domain.Length == 0 ? OpType : $"{Domain}.{OpType}";

    public string Name { get; }

    /// <summary>The model's opset import for this node's domain: which version of the operator's spec applies.</summary>
    public int OpsetVersion { get; }

    /// <summary>Input value names; "" marks an omitted optional input.</summary>
    public string[] Inputs { get; }

    public string[] Outputs { get; }

    public OnnxAttributes Attributes { get; }

    public override string ToString() => string.IsNullOrEmpty(Name) ? $"{QualifiedOpType} node" : $"{QualifiedOpType} node '{Name}'";
}
