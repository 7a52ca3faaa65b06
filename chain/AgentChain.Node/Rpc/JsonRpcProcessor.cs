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
            var responses = new JsonArray();
            foreach (JsonNode? item in batch)
                if (ProcessOne(item, sink) is { } response) responses.Add(response);
            return responses.Count == 0 ? null : responses;
        }
        return ProcessOne(request, sink);
    }

    private JsonObject? ProcessOne(JsonNode? node, ISubscriptionSink? sink)
    {
        if (node is not JsonObject o) return Error(null, RpcException.InvalidRequest, "invalid request: expected a JSON object");
        JsonNode? id = o["id"];
        bool hasId = o.ContainsKey("id");
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
        try
        {
            JsonNode? result = module.Invoke(method, parameters, sink);
            if (!hasId) return null;
            return new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["result"] = result };
        }
        catch (RpcException e)
        {
            return Error(id, e.Code, e.Message, e.ErrorData);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or InvalidOperationException or JsonException)
        {
            return Error(id, e is InvalidOperationException ? RpcException.ServerError : RpcException.InvalidParams, e.Message);
        }
        catch (Exception e)
        {
            log?.Invoke($"internal error in {method}: {e}");
            return Error(id, RpcException.InternalError, $"internal error: {e.Message}");
        }
    }

    public static JsonObject Error(JsonNode? id, int code, string message, JsonNode? data = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (data is not null) error["data"] = data;
        return new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["error"] = error };
    }
}
