using Google.Protobuf.Collections;
using Onnx;

namespace AgentChain.Inference.Onnx;

/// <summary>Typed access to a node's attributes; a wrong attribute type is a model error naming the node.</summary>
internal sealed class OnnxAttributes
{
    private readonly Dictionary<string, AttributeProto> _byName = new(StringComparer.Ordinal);
    private readonly OnnxNode _node;

    public OnnxAttributes(RepeatedField<AttributeProto> attributes, OnnxNode node)
    {
        _node = node;
        foreach (AttributeProto a in attributes)
        {
            if (!string.IsNullOrEmpty(a.RefAttrName))
                throw new InvalidModelException($"{node}: attribute '{a.Name}' refers to a function attribute; only top-level graphs are supported");
            if (!_byName.TryAdd(a.Name, a))
                throw new InvalidModelException($"{node}: attribute '{a.Name}' appears twice");
        }
    }

    public bool Has(string name) => _byName.ContainsKey(name);

    public long GetInt(string name, long fallback) => Get(name, AttributeProto.Types.AttributeType.Int)?.I ?? fallback;

    public long GetRequiredInt(string name) => Required(name, AttributeProto.Types.AttributeType.Int).I;

    public float GetFloat(string name, float fallback) => Get(name, AttributeProto.Types.AttributeType.Float)?.F ?? fallback;

    public string? GetString(string name) => Get(name, AttributeProto.Types.AttributeType.String)?.S.ToStringUtf8();

    public string GetString(string name, string fallback) => GetString(name) ?? fallback;

    public long[]? GetInts(string name) => Get(name, AttributeProto.Types.AttributeType.Ints)?.Ints.ToArray();

    public float[]? GetFloats(string name) => Get(name, AttributeProto.Types.AttributeType.Floats)?.Floats.ToArray();

    public Tensor? GetTensor(string name)
    {
        AttributeProto? a = Get(name, AttributeProto.Types.AttributeType.Tensor);
        return a is null ? null : OnnxTensorReader.ToTensor(a.T);
    }

    public IEnumerable<string> Names => _byName.Keys;

    private AttributeProto Required(string name, AttributeProto.Types.AttributeType type) =>
        Get(name, type) ?? throw new InvalidModelException($"{_node}: required attribute '{name}' is missing");

    private AttributeProto? Get(string name, AttributeProto.Types.AttributeType type)
    {
        if (!_byName.TryGetValue(name, out AttributeProto? a)) return null;
        // Old exporters leave 'type' unset; then the value's presence decides.
        if (a.HasType && a.Type != type)
            throw new InvalidModelException($"{_node}: attribute '{name}' is {a.Type}, expected {type}");
        return a;
    }
}
