using System.Globalization;
using System.Text.Json;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Inference;

namespace AgentChain.Agents.NodeRunner;

/// <summary>
/// A parsed <c>POST /v1/infer</c> body: <c>{ "model": name or sha256, "inputs": { name: numbers }, "agentContract"?,
/// "agentId"?, "nonce"? }</c>. Inputs are (nested) JSON arrays of numbers; the nesting gives the shape, and a flat
/// array fed to a rank-2 input is one row (<c>[1, n]</c>), as the agents feed their models. Elements take the element
/// type the model declares for that input.
/// </summary>
public sealed record InferenceRequest(string Model, IReadOnlyDictionary<string, JsonElement> Inputs, Address AgentContract, UInt256? AgentId, UInt256 Nonce)
{
    /// <summary>Parses a request body; throws <see cref="InferenceRequestException"/> naming what was wrong.</summary>
    public static InferenceRequest Parse(ReadOnlySpan<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException e)
        {
            throw new InferenceRequestException($"the body is not JSON: {e.Message}");
        }
        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new InferenceRequestException("the body must be a JSON object");
            foreach (JsonProperty p in root.EnumerateObject())
                if (p.Name is not ("model" or "inputs" or "agentContract" or "agentId" or "nonce"))
                    throw new InferenceRequestException($"unknown field '{p.Name}' (fields: model, inputs, agentContract, agentId, nonce)");
            if (!root.TryGetProperty("model", out JsonElement model) || model.ValueKind != JsonValueKind.String || model.GetString()!.Length == 0)
                throw new InferenceRequestException("'model' is required: a served model's name or its sha256 (GET /v1/models lists them)");
            if (!root.TryGetProperty("inputs", out JsonElement inputs) || inputs.ValueKind != JsonValueKind.Object)
                throw new InferenceRequestException("'inputs' is required: an object of input name → array of numbers");
            var named = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (JsonProperty p in inputs.EnumerateObject()) named[p.Name] = p.Value.Clone();

            Address agentContract = Address.Zero;
            if (root.TryGetProperty("agentContract", out JsonElement contract)
                && (contract.ValueKind != JsonValueKind.String || !Address.TryParse(contract.GetString(), out agentContract)))
                throw new InferenceRequestException("'agentContract' must be a 20-byte hex address (0x + 40 hex digits)");
            UInt256? agentId = root.TryGetProperty("agentId", out JsonElement id) ? ReadUInt256(id, "agentId") : null;
            UInt256 nonce = root.TryGetProperty("nonce", out JsonElement n) ? ReadUInt256(n, "nonce") : UInt256.Zero;
            return new InferenceRequest(model.GetString()!, named, agentContract, agentId, nonce);
        }
    }

    /// <summary>The request's inputs as tensors of the model's declared element types; throws <see cref="InferenceRequestException"/>.</summary>
    public Dictionary<string, Tensor> ToTensors(IReadOnlyList<TensorInfo> declared)
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach ((string name, JsonElement value) in Inputs)
        {
            TensorInfo info = declared.FirstOrDefault(i => i.Name == name)
                ?? throw new InferenceRequestException($"unknown input '{name}'; the model's inputs are: {string.Join(", ", declared)}");
            var shape = new List<long>();
            var numbers = new List<JsonElement>();
            Flatten(value, name, 0, shape, numbers);
            if (shape.Count == 1 && info.Shape is { Count: 2 }) shape.Insert(0, 1);
            tensors[name] = info.ElementType switch
            {
                TensorElementType.Float => Tensor.Create(numbers.Select(e => Number(e, name, (JsonElement x, out float v) => x.TryGetSingle(out v) && float.IsFinite(v))).ToArray(), [.. shape]),
                TensorElementType.Double => Tensor.Create(numbers.Select(e => Number(e, name, (JsonElement x, out double v) => x.TryGetDouble(out v) && double.IsFinite(v))).ToArray(), [.. shape]),
                TensorElementType.Int64 => Tensor.Create(numbers.Select(e => Number(e, name, (JsonElement x, out long v) => x.TryGetInt64(out v))).ToArray(), [.. shape]),
                TensorElementType.Int32 => Tensor.Create(numbers.Select(e => Number(e, name, (JsonElement x, out int v) => x.TryGetInt32(out v))).ToArray(), [.. shape]),
                _ => throw new InferenceRequestException($"input '{name}' is {info.ElementType}; the endpoint takes float, double, int64 and int32 inputs"),
            };
        }
        return tensors;
    }

    private delegate bool TryRead<T>(JsonElement element, out T value);

    private static T Number<T>(JsonElement element, string input, TryRead<T> read) =>
        element.ValueKind == JsonValueKind.Number && read(element, out T value)
            ? value
            : throw new InferenceRequestException($"input '{input}': {element.GetRawText()} is not a finite {typeof(T).Name} number");

    /// <summary>Walks a rectangular nested array, recording its shape from the first element at each depth.</summary>
    private static void Flatten(JsonElement value, string input, int depth, List<long> shape, List<JsonElement> numbers)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            if (depth == 0) throw new InferenceRequestException($"input '{input}' must be an array of numbers (nested for more dimensions)");
            if (depth != shape.Count) throw new InferenceRequestException($"input '{input}' is not rectangular: a number where an array was expected");
            numbers.Add(value);
            return;
        }
        int length = value.GetArrayLength();
        if (depth == shape.Count) shape.Add(length);
        else if (depth > shape.Count || shape[depth] != length)
            throw new InferenceRequestException($"input '{input}' is not rectangular: rows of different lengths or depths at depth {depth}");
        if (length == 0) throw new InferenceRequestException($"input '{input}' has an empty array at depth {depth}");
        foreach (JsonElement item in value.EnumerateArray()) Flatten(item, input, depth + 1, shape, numbers);
    }

    private static UInt256 ReadUInt256(JsonElement element, string field)
    {
        string? text = element.ValueKind switch
        {
            JsonValueKind.Number => element.GetRawText(),
            JsonValueKind.String => element.GetString(),
            _ => null,
        };
        if (text is not null && text.All(char.IsAsciiDigit) && text.Length is > 0 and <= 78 && UInt256.TryParse(text, out UInt256 value)) return value;
        throw new InferenceRequestException($"'{field}' must be a non-negative integer (a JSON number or a decimal string), got {element.GetRawText()}");
    }
}
