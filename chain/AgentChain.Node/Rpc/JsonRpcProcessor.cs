using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentChain.Node.Rpc;

/// <summary>
/// JSON-RPC 2.0 framing over any transport: parses a request or batch, dispatches, and turns every failure into
/// an error object (never an exception to the transport). Bounded: body size is the transport's, batch length here.
/// </summary>
public sealed class JsonRpcProcessor(EthRpcModule module, Action<string>? log = null)
{
    public const int MaxBatch = 1000;

    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 64 };

    /// <summary>The response text, or null when nothing is to be sent (only notifications).</summary>
    public string? Process(ReadOnlySpan<byte> body, ISubscriptionSink? sink) => Respond(body, sink)?.ToJsonString();

    /// <summary>
    /// Writes the response to <paramref name="body"/> into <paramref name="output"/>, or returns false when nothing is
    /// to be sent (only notifications). A body made only of plain <c>eth_sendRawTransaction</c> requests is read and
    /// answered without a JSON DOM (<see cref="RawTransactionBatch"/>): it is most of a busy node's traffic, and the
    /// DOM's objects and UTF-16 copies of every hex string were a large share of its allocations. Every other body
    /// takes <see cref="Respond"/>. Both paths give the same bytes for the same body and chain state.
    /// </summary>
    public bool RespondTo(ReadOnlySpan<byte> body, IBufferWriter<byte> output, ISubscriptionSink? sink)
    {
        if (RawTransactionBatch.TryParse(body, MaxBatch, out RawTransactionBatch? batch)) return RespondToRawTransactions(body, batch!, output);
        if (Respond(body, sink) is not { } response) return false;
        using var writer = new Utf8JsonWriter(output);
        response.WriteTo(writer);
        return true;
    }

    private bool RespondToRawTransactions(ReadOnlySpan<byte> body, RawTransactionBatch batch, IBufferWriter<byte> output)
    {
        List<RawTransactionBatch.Item> items = batch.Items;
        var raws = new List<byte[]>(items.Count);
        foreach (RawTransactionBatch.Item item in items) raws.Add(item.Raw);
        RpcOutcome[] outcomes = module.SendRawTransactions(raws);
        if (!items.Exists(i => i.HasId)) return false;
        using var writer = new Utf8JsonWriter(output);
        if (batch.IsArray) writer.WriteStartArray();
        for (int k = 0; k < items.Count; k++)
        {
            RawTransactionBatch.Item item = items[k];
            if (!item.HasId) continue;
            if (outcomes[k].Error is null && outcomes[k].Result is JsonValue result && result.TryGetValue(out string? hex))
            {
                writer.WriteStartObject();
                writer.WriteString("jsonrpc"u8, "2.0"u8);
                writer.WritePropertyName("id"u8);
                RawTransactionBatch.WriteId(writer, body, item);
                writer.WriteString("result"u8, hex);
                writer.WriteEndObject();
            }
            else
            {
                var request = new Request(RawTransactionBatch.IdNode(body, item), true, EthRpcModule.SendRawTransactionMethod, []);
                Complete(request, outcomes[k].Unwrap)!.WriteTo(writer);
            }
        }
        if (batch.IsArray) writer.WriteEndArray();
        return true;
    }

    /// <summary>
    /// The response (an object, or an array for a batch), or null when nothing is to be sent. The HTTP transport
    /// writes it straight to the response body: a block with thousands of transaction hashes would otherwise be a
    /// string and a byte array of hundreds of kilobytes each, large-object-heap allocations that trigger full
    /// garbage collections.
    /// </summary>
    public JsonNode? Respond(ReadOnlySpan<byte> body, ISubscriptionSink? sink)
    {
        JsonNode? request;
        try
        {
            request = JsonNode.Parse(body, documentOptions: ParseOptions);
        }
        catch (JsonException e)
        {
            return Error(null, RpcException.ParseError, $"parse error: {e.Message}");
        }
        if (request is JsonArray batch)
        {
            if (batch.Count == 0) return Error(null, RpcException.InvalidRequest, "empty batch");
            if (batch.Count > MaxBatch) return Error(null, RpcException.LimitExceeded, $"batch of {batch.Count} requests exceeds the limit of {MaxBatch}");
            var requests = new Request[batch.Count];
            var invalid = new JsonObject?[batch.Count];
            for (int i = 0; i < batch.Count; i++) invalid[i] = Parse(batch[i], out requests[i]);
            var responses = new JsonArray();
            for (int i = 0; i < batch.Count;)
            {
                // A run of eth_sendRawTransaction requests is admitted together (one lock acquisition for the run);
                // each still gets the response it would get alone, and the requests around the run keep their order.
                int end = i;
                while (end < batch.Count && invalid[end] is null && requests[end].Method == EthRpcModule.SendRawTransactionMethod) end++;
                if (end - i > 1)
                {
                    var parameters = new List<JsonArray>(end - i);
                    for (int k = i; k < end; k++) parameters.Add(requests[k].Parameters);
                    RpcOutcome[] outcomes = module.SendRawTransactions(parameters);
                    for (int k = 0; k < outcomes.Length; k++)
                        if (Complete(requests[i + k], outcomes[k].Unwrap) is { } admitted) responses.Add(admitted);
                    i = end;
                    continue;
                }
                JsonObject? response = invalid[i] ?? Complete(requests[i], () => module.Invoke(requests[i].Method, requests[i].Parameters, sink));
                if (response is not null) responses.Add(response);
                i++;
            }
            return responses.Count == 0 ? null : responses;
        }
        return ProcessOne(request, sink);
    }

    /// <summary>A well-formed request: its id (already copied out of the request), whether it had one, method and parameters.</summary>
    private readonly record struct Request(JsonNode? Id, bool HasId, string Method, JsonArray Parameters);

    private JsonObject? ProcessOne(JsonNode? node, ISubscriptionSink? sink)
    {
        if (Parse(node, out Request request) is { } invalid) return invalid;
        return Complete(request, () => module.Invoke(request.Method, request.Parameters, sink));
    }

    /// <summary>The error response for a malformed request, or null with the request parsed.</summary>
    private static JsonObject? Parse(JsonNode? node, out Request request)
    {
        request = default;
        if (node is not JsonObject o) return Error(null, RpcException.InvalidRequest, "invalid request: expected a JSON object");
        JsonNode? id;
        bool hasId;
        try
        {
            id = o["id"];
            hasId = o.ContainsKey("id");
        }
        catch (ArgumentException)
        {
            // The object's members are indexed on first access, which is where a repeated name is found.
            return Error(null, RpcException.InvalidRequest, "invalid request: a member name appears more than once");
        }
        if (id is not null && id.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number))
            return Error(null, RpcException.InvalidRequest, "invalid request: id must be a string, a number or null");
        id = id?.DeepClone();
        if (o["method"] is not JsonNode m || m.GetValueKind() != JsonValueKind.String)
            return Error(id, RpcException.InvalidRequest, "invalid request: method must be a string");
        string method = m.GetValue<string>();
        JsonArray parameters;
        switch (o["params"])
        {
            case null: parameters = []; break;
            case JsonArray a: parameters = a; break;
            default: return Error(id, RpcException.InvalidParams, "invalid params: expected an array (by-position parameters)");
        }
        request = new Request(id, hasId, method, parameters);
        return null;
    }

    /// <summary>
    /// Runs the method and frames its result, or turns what it threw into the error response. A notification (no id)
    /// gets nothing back, not even an error, as JSON-RPC 2.0 requires (geth does the same).
    /// </summary>
    private JsonObject? Complete(in Request request, Func<JsonNode?> invoke)
    {
        JsonObject response;
        try
        {
            JsonNode? result = invoke();
            if (!request.HasId) return null;
            response = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = request.Id, ["result"] = result };
        }
        catch (RpcException e)
        {
            response = Error(request.Id, e.Code, e.Message, e.ErrorData);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or InvalidOperationException or JsonException)
        {
            response = Error(request.Id, e is InvalidOperationException ? RpcException.ServerError : RpcException.InvalidParams, e.Message);
        }
        catch (Exception e)
        {
            log?.Invoke($"internal error in {request.Method}: {e}");
            response = Error(request.Id, RpcException.InternalError, $"internal error: {e.Message}");
        }
        return request.HasId ? response : null;
    }

    public static JsonObject Error(JsonNode? id, int code, string message, JsonNode? data = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (data is not null) error["data"] = data;
        return new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["error"] = error };
    }
}
