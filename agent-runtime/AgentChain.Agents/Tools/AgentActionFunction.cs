using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentChain.Agents.Hosting;
using AgentChain.Agents.Specs;
using AgentChain.Core.Abi;
using AgentChain.Core.Encoding;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using Microsoft.Extensions.AI;

namespace AgentChain.Agents.Tools;

/// <summary>
/// An agent's allowed action as a Microsoft.Extensions.AI <see cref="AIFunction"/>: an <c>IChatClient</c>-driven agent
/// calls it with the same inputs the trigger event would carry (for the demo: a case id and its 30 features), and the
/// call takes exactly the host's path — <see cref="AgentActionExecutor.ActAsync"/>: the shipped model decides, the
/// commitment is built and proven, and the ControllableAgent applies every on-chain check. The language model chooses
/// when to act and on what; it never chooses the model's output or bypasses a limit.
/// </summary>
public sealed class AgentActionFunction : AIFunction
{
    private readonly AgentActionExecutor _executor;
    private readonly IReadOnlyList<AbiParameter> _parameters;
    private long _sequence;

    public AgentActionFunction(AgentActionExecutor executor, IReadOnlyList<AbiParameter> parameters)
    {
        _executor = executor;
        _parameters = parameters;
        AgentSpec spec = executor.Spec;
        Name = executor.Planner.Function.Name;
        Description = $"Runs the model {Path.GetFileName(Path.GetDirectoryName(spec.Model.Path))} on the given inputs and submits " +
            $"{spec.Action.Function} on {spec.Action.Contract} through agent {spec.AgentId}'s ControllableAgent, with a signed inference " +
            "commitment. The contract enforces the agent's limits; the result says whether the action was accepted or which check rejected it.";
        JsonSchema = BuildSchema(parameters);
    }

    public override string Name { get; }
    public override string Description { get; }
    public override JsonElement JsonSchema { get; }

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (AbiParameter p in _parameters)
        {
            if (!arguments.TryGetValue(p.Name, out object? raw) || raw is null)
                throw new ArgumentException($"{Name}: missing argument '{p.Name}' ({p.Type})");
            fields[p.Name] = ToAbiValue(raw, p.Type, p.Name);
        }
        ulong block = 0;
        var trigger = new AgentTrigger(fields, null, block, Interlocked.Increment(ref _sequence) - 1);
        PlannedAction action = _executor.Decide(trigger);
        ActionOutcome outcome = await _executor.SubmitAsync(action, $"tool call {Name}", cancellationToken);
        return new JsonObject
        {
            ["accepted"] = outcome.Accepted,
            ["actionId"] = outcome.ActionId.ToString(),
            ["transaction"] = outcome.TransactionHash?.ToString(),
            ["call"] = $"{Name}({string.Join(", ", action.Arguments.Select(RenderArgument))})",
            ["value"] = action.Value.ToString(),
            ["error"] = outcome.ErrorName,
            ["reason"] = outcome.Reason,
        };
    }

    private static JsonElement BuildSchema(IReadOnlyList<AbiParameter> parameters)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (AbiParameter p in parameters)
        {
            properties[p.Name] = SchemaOf(p.Type);
            required.Add(p.Name);
        }
        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties, ["required"] = required };
        return JsonDocument.Parse(schema.ToJsonString()).RootElement.Clone();
    }

    private static JsonObject SchemaOf(AbiType type) => type.Kind switch
    {
        AbiTypeKind.UInt or AbiTypeKind.Int => new JsonObject { ["type"] = "integer", ["description"] = type.ToString() },
        AbiTypeKind.Bool => new JsonObject { ["type"] = "boolean" },
        AbiTypeKind.Address => new JsonObject { ["type"] = "string", ["description"] = "0x-prefixed address" },
        AbiTypeKind.FixedBytes or AbiTypeKind.Bytes => new JsonObject { ["type"] = "string", ["description"] = $"0x-prefixed hex ({type})" },
        AbiTypeKind.String => new JsonObject { ["type"] = "string" },
        AbiTypeKind.DynamicArray or AbiTypeKind.FixedArray => new JsonObject { ["type"] = "array", ["items"] = SchemaOf(type.ElementType!) },
        _ => throw new NotSupportedException($"tool parameters of type {type} are not supported"),
    };

    /// <summary>Converts a tool-call argument (JSON from a model, or CLR values) to the ABI value the trigger event would carry.</summary>
    internal static object? ToAbiValue(object raw, AbiType type, string name)
    {
        if (raw is JsonElement json) raw = FromJson(json);
        try
        {
            switch (type.Kind)
            {
                case AbiTypeKind.UInt: return UInt256.Parse(Convert.ToString(raw, CultureInfo.InvariantCulture)!);
                case AbiTypeKind.Int: return BigInteger.Parse(Convert.ToString(raw, CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture);
                case AbiTypeKind.Bool: return raw is bool b ? b : bool.Parse(raw.ToString()!);
                case AbiTypeKind.Address: return Address.Parse(raw.ToString()!);
                case AbiTypeKind.String: return raw.ToString();
                case AbiTypeKind.FixedBytes:
                {
                    byte[] bytes = Hex.Decode(raw.ToString()!);
                    if (bytes.Length != type.ByteCount) throw new FormatException($"expected {type.ByteCount} bytes, got {bytes.Length}");
                    return bytes;
                }
                case AbiTypeKind.Bytes: return Hex.Decode(raw.ToString()!);
                case AbiTypeKind.DynamicArray or AbiTypeKind.FixedArray when raw is IEnumerable items and not string:
                    return items.Cast<object>().Select((o, i) => ToAbiValue(o, type.ElementType!, $"{name}[{i}]")).ToArray();
                default:
                    throw new FormatException($"cannot read a {type} from {raw.GetType().Name}");
            }
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new ArgumentException($"argument '{name}' is not a valid {type}: {e.Message}", e);
        }
    }

    private static object FromJson(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Array => e.EnumerateArray().Select(FromJson).ToArray(),
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => e.GetRawText(),
        _ => throw new ArgumentException($"unsupported JSON value {e.ValueKind}"),
    };

    private static string RenderArgument(object? v) => v switch
    {
        byte[] b => Hex.Encode(b),
        IList l => $"[{l.Count} values]",
        _ => v?.ToString() ?? "null",
    };
}
