namespace AgentChain.Core.Abi;

/// <summary>
/// A log decoded against its event: values in declaration order (indexed and not, interleaved as declared),
/// reachable by position or parameter name. Indexed bytes, string, array and tuple parameters are only present
/// as their hash, so their value is the <see cref="Types.Hash256"/> topic itself.
/// </summary>
public sealed class AbiDecodedLog
{
    internal AbiDecodedLog(AbiEvent @event, object?[] values)
    {
        Event = @event;
        Values = values;
    }

    public AbiEvent Event { get; }

    public IReadOnlyList<object?> Values { get; }

    public object? this[int index] => Values[index];

    /// <summary>The value of the parameter called <paramref name="name"/>.</summary>
    public object? this[string name]
    {
        get
        {
            for (int i = 0; i < Event.Inputs.Count; i++)
                if (Event.Inputs[i].Name == name) return Values[i];
            throw new KeyNotFoundException(
                $"event {Event.Signature} has no parameter named '{name}' (it has: {string.Join(", ", Event.Inputs.Select(p => p.Name.Length > 0 ? p.Name : "<unnamed>"))})");
        }
    }

    /// <summary>Named values; unnamed parameters appear as <c>arg&lt;index&gt;</c>.</summary>
    public IReadOnlyDictionary<string, object?> ToDictionary()
    {
        var result = new Dictionary<string, object?>(Values.Count);
        for (int i = 0; i < Values.Count; i++)
        {
            string name = Event.Inputs[i].Name;
            result[name.Length > 0 && !result.ContainsKey(name) ? name : $"arg{i}"] = Values[i];
        }
        return result;
    }
}
