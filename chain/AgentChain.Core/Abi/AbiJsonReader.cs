using System.Text.Json;

namespace AgentChain.Core.Abi;

/// <summary>
/// Reads the compiler's JSON ABI. Tuple-typed parameters arrive as <c>"type": "tuple[2][]"</c> plus
/// <c>"components"</c>; they become the canonical <c>(T1,T2)[2][]</c> with member names kept on
/// <see cref="AbiParameter.Components"/>. ABIs from compilers before 0.4.16 lack <c>stateMutability</c>, so
/// <c>constant</c>/<c>payable</c> are read in its place.
/// </summary>
internal static class AbiJsonReader
{
    internal static ContractAbi Read(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("abi", out JsonElement inner)) root = inner;
        if (root.ValueKind != JsonValueKind.Array)
            throw new AbiException($"a JSON ABI is an array of entries (or an artifact with an \"abi\" array), got {root.ValueKind}");

        var functions = new List<AbiFunction>();
        var events = new List<AbiEvent>();
        var errors = new List<AbiError>();
        AbiConstructor? constructor = null;
        StateMutability? fallback = null;
        bool receive = false;
        int index = 0;
        foreach (JsonElement entry in root.EnumerateArray())
        {
            string kind = "function";
            try
            {
                if (entry.ValueKind != JsonValueKind.Object) throw new AbiException($"entry is {entry.ValueKind}, not an object");
                kind = OptionalString(entry, "type") ?? "function";
                switch (kind)
                {
                    case "function":
                        functions.Add(new AbiFunction(RequiredString(entry, "name"), Parameters(entry, "inputs", false),
                            Parameters(entry, "outputs", false), Mutability(entry)));
                        break;
                    case "event":
                        events.Add(new AbiEvent(RequiredString(entry, "name"), Parameters(entry, "inputs", true),
                            entry.TryGetProperty("anonymous", out JsonElement a) && a.ValueKind == JsonValueKind.True));
                        break;
                    case "error":
                        errors.Add(new AbiError(RequiredString(entry, "name"), Parameters(entry, "inputs", false)));
                        break;
                    case "constructor":
                        if (constructor is not null) throw new AbiException("a contract has at most one constructor");
                        constructor = new AbiConstructor(Parameters(entry, "inputs", false), Mutability(entry));
                        break;
                    case "fallback":
                        fallback = Mutability(entry);
                        break;
                    case "receive":
                        receive = true;
                        break;
                    default:
                        throw new AbiException($"unknown entry type '{kind}' (expected function, event, error, constructor, fallback or receive)");
                }
            }
            catch (AbiException e)
            {
                string name = entry.ValueKind == JsonValueKind.Object ? OptionalString(entry, "name") ?? "" : "";
                throw e.Within($"ABI entry {index} ({kind}{(name.Length > 0 ? " " + name : "")})", ": ");
            }
            index++;
        }
        return new ContractAbi(functions, events, errors, constructor, fallback, receive);
    }

    private static IReadOnlyList<AbiParameter> Parameters(JsonElement entry, string property, bool allowIndexed)
    {
        if (!entry.TryGetProperty(property, out JsonElement list) || list.ValueKind == JsonValueKind.Null) return [];
        if (list.ValueKind != JsonValueKind.Array) throw new AbiException($"\"{property}\" must be an array");
        var result = new List<AbiParameter>();
        int i = 0;
        foreach (JsonElement p in list.EnumerateArray())
        {
            try
            {
                result.Add(Parameter(p, allowIndexed));
            }
            catch (AbiException e)
            {
                throw e.Within($"{property}[{i}]");
            }
            i++;
        }
        return result;
    }

    private static AbiParameter Parameter(JsonElement p, bool allowIndexed)
    {
        if (p.ValueKind != JsonValueKind.Object) throw new AbiException("a parameter must be an object");
        string name = OptionalString(p, "name") ?? "";
        string typeText = RequiredString(p, "type");
        IReadOnlyList<AbiParameter> components = [];
        AbiType type;
        if (typeText.StartsWith("tuple", StringComparison.Ordinal))
        {
            components = Parameters(p, "components", false);
            string suffix = typeText["tuple".Length..];
            if (suffix.Length > 0 && suffix[0] != '[') throw new AbiException($"'{typeText}' is not a tuple type");
            type = AbiType.Parse("(" + string.Join(",", components.Select(c => c.Type.CanonicalName)) + ")" + suffix);
        }
        else
        {
            type = AbiType.Parse(typeText);
        }
        bool indexed = p.TryGetProperty("indexed", out JsonElement ix) && ix.ValueKind == JsonValueKind.True;
        if (indexed && !allowIndexed) throw new AbiException($"parameter '{name}' is marked indexed outside an event");
        return new AbiParameter(name, type, indexed) { Components = components, InternalType = OptionalString(p, "internalType") };
    }

    private static StateMutability Mutability(JsonElement entry)
    {
        string? text = OptionalString(entry, "stateMutability");
        if (text is null)
        {
            if (entry.TryGetProperty("payable", out JsonElement pay) && pay.ValueKind == JsonValueKind.True) return StateMutability.Payable;
            if (entry.TryGetProperty("constant", out JsonElement c) && c.ValueKind == JsonValueKind.True) return StateMutability.View;
            return StateMutability.NonPayable;
        }
        return text switch
        {
            "nonpayable" => StateMutability.NonPayable,
            "payable" => StateMutability.Payable,
            "view" => StateMutability.View,
            "pure" => StateMutability.Pure,
            _ => throw new AbiException($"unknown stateMutability '{text}' (expected pure, view, nonpayable or payable)"),
        };
    }

    private static string RequiredString(JsonElement element, string property) =>
        OptionalString(element, property) ?? throw new AbiException($"missing string property \"{property}\"");

    private static string? OptionalString(JsonElement element, string property)
    {
        if (!element.TryGetProperty(property, out JsonElement value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString()
            : throw new AbiException($"\"{property}\" must be a string, got {value.ValueKind}");
    }
}
