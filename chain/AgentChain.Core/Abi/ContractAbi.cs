using System.Text.Json;
using AgentChain.Core.Types;

namespace AgentChain.Core.Abi;

/// <summary>
/// A contract's interface from the compiler's JSON ABI (spec, "JSON"): functions, events, errors, constructor,
/// fallback and receive, with lookups by name, canonical signature, selector and topic.
/// <code>
/// var erc20 = ContractAbi.Parse(File.ReadAllText("ERC20.abi.json"));
/// byte[] calldata = erc20.GetFunction("transfer").EncodeCall(to, amount);
/// AbiDecodedLog? log = erc20.DecodeLog(receipt.Topics, receipt.Data);
/// </code>
/// </summary>
public sealed class ContractAbi
{
    private readonly Dictionary<FunctionSelector, AbiFunction> _functionsBySelector = [];
    private readonly Dictionary<Hash256, AbiEvent> _eventsByTopic = [];
    private readonly Dictionary<FunctionSelector, AbiError> _errorsBySelector = [];

    public ContractAbi(IEnumerable<AbiFunction> functions, IEnumerable<AbiEvent> events, IEnumerable<AbiError> errors,
        AbiConstructor? constructor = null, StateMutability? fallback = null, bool hasReceive = false)
    {
        Functions = functions.ToArray();
        Events = events.ToArray();
        Errors = errors.ToArray();
        Constructor = constructor;
        Fallback = fallback;
        HasReceive = hasReceive;
        foreach (AbiFunction f in Functions)
        {
            if (!_functionsBySelector.TryAdd(f.Selector, f) && _functionsBySelector[f.Selector].Signature != f.Signature)
                throw new AbiException($"functions {_functionsBySelector[f.Selector].Signature} and {f.Signature} share selector {f.Selector}");
        }
        foreach (AbiEvent e in Events.Where(e => !e.Anonymous)) _eventsByTopic.TryAdd(e.Topic0, e);
        foreach (AbiError e in Errors)
        {
            if (!_errorsBySelector.TryAdd(e.Selector, e) && _errorsBySelector[e.Selector].Signature != e.Signature)
                throw new AbiException($"errors {_errorsBySelector[e.Selector].Signature} and {e.Signature} share selector {e.Selector}");
        }
    }

    public IReadOnlyList<AbiFunction> Functions { get; }
    public IReadOnlyList<AbiEvent> Events { get; }
    public IReadOnlyList<AbiError> Errors { get; }
    public AbiConstructor? Constructor { get; }

    /// <summary>The fallback function's mutability, or null when the contract has none.</summary>
    public StateMutability? Fallback { get; }

    /// <summary>Whether the contract has a <c>receive()</c> function.</summary>
    public bool HasReceive { get; }

    /// <summary>
    /// Parses a JSON ABI: the array the compiler emits, or an artifact object (Hardhat, Foundry, Truffle) with
    /// the array under <c>"abi"</c>. Any malformed entry is an <see cref="AbiException"/> naming the entry.
    /// </summary>
    public static ContractAbi Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return Parse(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new AbiException($"ABI is not valid JSON: {e.Message}", e);
        }
    }

    public static ContractAbi Parse(JsonElement root) => AbiJsonReader.Read(root);

    /// <summary>
    /// The function called <paramref name="nameOrSignature"/>: a plain name when it is not overloaded, otherwise a
    /// signature such as <c>safeTransferFrom(address,address,uint256)</c> (spaces and <c>uint</c> are tolerated).
    /// </summary>
    public AbiFunction GetFunction(string nameOrSignature) =>
        Lookup(Functions, nameOrSignature, f => f.Name, f => f.Signature, s => AbiFunction.Parse(s).Signature, "function");

    public AbiFunction? FindFunction(FunctionSelector selector) => _functionsBySelector.GetValueOrDefault(selector);

    public AbiEvent GetEvent(string nameOrSignature) =>
        Lookup(Events, nameOrSignature, e => e.Name, e => e.Signature, s => AbiEvent.Parse(s).Signature, "event");

    /// <summary>The (non-anonymous) event whose topic 0 is <paramref name="topic0"/>.</summary>
    public AbiEvent? FindEvent(Hash256 topic0) => _eventsByTopic.GetValueOrDefault(topic0);

    public AbiError GetError(string nameOrSignature) =>
        Lookup(Errors, nameOrSignature, e => e.Name, e => e.Signature, s => AbiError.Parse(s).Signature, "error");

    public AbiError? FindError(FunctionSelector selector) => _errorsBySelector.GetValueOrDefault(selector);

    /// <summary>Finds the function by calldata's selector and decodes its arguments; null when no function matches.</summary>
    public (AbiFunction Function, object?[] Arguments)? DecodeCall(ReadOnlySpan<byte> calldata)
    {
        if (calldata.Length < FunctionSelector.Length) return null;
        AbiFunction? function = FindFunction(FunctionSelector.Read(calldata));
        return function is null ? null : (function, function.DecodeInput(calldata));
    }

    /// <summary>Decodes a log of one of this contract's non-anonymous events; null when topic 0 matches none.</summary>
    public AbiDecodedLog? DecodeLog(IReadOnlyList<Hash256> topics, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(topics);
        if (topics.Count == 0) return null;
        return FindEvent(topics[0])?.DecodeLog(topics, data);
    }

    /// <summary>Revert data explained with Error(string), Panic(uint256) and this contract's custom errors.</summary>
    public RevertReason DecodeRevert(ReadOnlySpan<byte> data) => RevertReason.Decode(data, Errors);

    private static T Lookup<T>(IReadOnlyList<T> items, string key, Func<T, string> name, Func<T, string> signature,
        Func<string, string> canonicalize, string what)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Contains('('))
        {
            string canonical;
            try
            {
                canonical = canonicalize(key);
            }
            catch (AbiException e)
            {
                throw new AbiException($"cannot look up {what} '{key}': {e.Reason}", e);
            }
            return items.FirstOrDefault(i => signature(i) == canonical)
                ?? throw new AbiException($"the ABI has no {what} {canonical}");
        }
        var matches = items.Where(i => name(i) == key).ToArray();
        return matches.Length switch
        {
            1 => matches[0],
            0 => throw new AbiException($"the ABI has no {what} named '{key}'"),
            _ => throw new AbiException(
                $"{what} '{key}' is overloaded; ask for one of: {string.Join(", ", matches.Select(signature).Distinct())}"),
        };
    }
}
