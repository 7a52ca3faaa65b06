using AgentChain.Core.Crypto;
using AgentChain.Core.Types;

namespace AgentChain.Core.Abi;

/// <summary>
/// A contract event (spec, "Events"): <see cref="Topic0"/> is Keccak-256 of the canonical signature (absent for
/// anonymous events), each indexed parameter fills one further topic, the rest are ABI-encoded as the log data.
/// <code>
/// var transfer = AbiEvent.Parse("event Transfer(address indexed from, address indexed to, uint256 value)");
/// AbiDecodedLog log = transfer.DecodeLog(topics, data);
/// var amount = (UInt256)log["value"]!;
/// </code>
/// </summary>
public sealed class AbiEvent
{
    /// <summary>A log has at most four topics; non-anonymous events spend one on the signature.</summary>
    public const int MaxTopics = 4;

    private readonly AbiType[] _dataTypes;
    private readonly string[] _dataNames;

    public AbiEvent(string name, IReadOnlyList<AbiParameter> inputs, bool anonymous = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(inputs);
        if (!AbiSignatureParser.IsIdentifier(name)) throw new AbiException($"'{name}' is not a valid event name");
        Name = name;
        Inputs = inputs.ToArray();
        Anonymous = anonymous;
        Signature = name + "(" + string.Join(",", Inputs.Select(p => p.Type.CanonicalName)) + ")";
        int indexed = Inputs.Count(p => p.Indexed);
        int allowed = anonymous ? MaxTopics : MaxTopics - 1;
        if (indexed > allowed)
            throw new AbiException($"event {Signature} has {indexed} indexed parameters; at most {allowed} fit in a log's topics");
        IndexedCount = indexed;
        Topic0 = Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes(Signature));
        _dataTypes = Inputs.Where(p => !p.Indexed).Select(p => p.Type).ToArray();
        _dataNames = Inputs.Where(p => !p.Indexed).Select(p => p.Name).ToArray();
    }

    /// <summary>Parses <c>event Transfer(address indexed from, address indexed to, uint256 value)</c> (the keyword is optional; <c>anonymous</c> may follow).</summary>
    public static AbiEvent Parse(string signature)
    {
        var parsed = AbiSignatureParser.Parse(signature, "event");
        return new AbiEvent(parsed.Name, parsed.Inputs, parsed.Anonymous);
    }

    public string Name { get; }
    public IReadOnlyList<AbiParameter> Inputs { get; }
    public bool Anonymous { get; }
    public int IndexedCount { get; }

    /// <summary>Canonical signature, e.g. <c>Transfer(address,address,uint256)</c>.</summary>
    public string Signature { get; }

    /// <summary>Keccak-256 of <see cref="Signature"/>; the first topic of every log of a non-anonymous event.</summary>
    public Hash256 Topic0 { get; }

    /// <summary>The topic a value of the indexed parameter <paramref name="parameterName"/> produces, for building log filters.</summary>
    public Hash256 EncodeTopic(string parameterName, object? value)
    {
        AbiParameter parameter = Inputs.FirstOrDefault(p => p.Name == parameterName)
            ?? throw new AbiException($"event {Signature} has no parameter named '{parameterName}'");
        if (!parameter.Indexed) throw new AbiException($"parameter '{parameterName}' of event {Signature} is not indexed, so it has no topic");
        return EncodeTopicOrThrow(parameter, value);
    }

    /// <summary>The topic a value of <paramref name="type"/> produces as an indexed parameter.</summary>
    public static Hash256 EncodeTopic(AbiType type, object? value) => AbiCodec.EncodeTopic(type, value);

    /// <summary>The topics and data a contract emitting this event with <paramref name="values"/> (all parameters, in order) produces.</summary>
    public (Hash256[] Topics, byte[] Data) EncodeLog(params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != Inputs.Count)
            throw new AbiException($"event {Signature} has {Inputs.Count} parameters, got {values.Length} values");
        var topics = new List<Hash256>(MaxTopics);
        if (!Anonymous) topics.Add(Topic0);
        var data = new List<object?>();
        for (int i = 0; i < Inputs.Count; i++)
        {
            if (Inputs[i].Indexed) topics.Add(EncodeTopicOrThrow(Inputs[i], values[i]));
            else data.Add(values[i]);
        }
        try
        {
            return (topics.ToArray(), AbiEncoder.Encode(_dataTypes, data, default, _dataNames));
        }
        catch (AbiException e)
        {
            throw e.Within($"event {Signature} data", " ");
        }
    }

    /// <summary>
    /// Decodes a log. Checks the topic count and, unless anonymous, that topic 0 is this event's. Indexed value
    /// types are decoded from their topic with the same strictness as data; other indexed types come back as
    /// their <see cref="Hash256"/> topic.
    /// </summary>
    public AbiDecodedLog DecodeLog(IReadOnlyList<Hash256> topics, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(topics);
        int expected = IndexedCount + (Anonymous ? 0 : 1);
        if (topics.Count != expected)
            throw new AbiException($"event {Signature} logs {expected} topics, got {topics.Count}");
        int topic = 0;
        if (!Anonymous)
        {
            if (topics[0] != Topic0)
                throw new AbiException($"log topic 0 is {topics[0]}, not the topic of {Signature} ({Topic0})");
            topic = 1;
        }
        object?[] dataValues;
        try
        {
            dataValues = AbiDecoder.Decode(_dataTypes, data, _dataNames);
        }
        catch (AbiException e)
        {
            throw e.Within($"event {Signature} data", " ");
        }
        var values = new object?[Inputs.Count];
        int next = 0;
        for (int i = 0; i < Inputs.Count; i++)
        {
            AbiParameter p = Inputs[i];
            if (!p.Indexed)
            {
                values[i] = dataValues[next++];
                continue;
            }
            Hash256 word = topics[topic++];
            if (!p.Type.IsValueType)
            {
                values[i] = word;
                continue;
            }
            try
            {
                values[i] = AbiDecoder.DecodeWord(p.Type, word.Bytes);
            }
            catch (AbiException e)
            {
                throw e.Within($"event {Signature} topic {topic - 1} ({(p.Name.Length > 0 ? p.Name : p.Type.CanonicalName)})", " ");
            }
        }
        return new AbiDecodedLog(this, values);
    }

    private Hash256 EncodeTopicOrThrow(AbiParameter parameter, object? value)
    {
        try
        {
            return AbiCodec.EncodeTopic(parameter.Type, value);
        }
        catch (AbiException e)
        {
            throw e.Within($"event {Signature} {(parameter.Name.Length > 0 ? parameter.Name : parameter.Type.CanonicalName)}", " ");
        }
    }

    public override string ToString() =>
        $"event {Name}({string.Join(", ", Inputs)}){(Anonymous ? " anonymous" : "")}";
}
