using System.Text.Json.Nodes;

namespace AgentChain.Node.Rpc;

/// <summary>A JSON-RPC 2.0 error: a code (-32700 parse, -32600 invalid request, -32601 no method, -32602 bad params, -32000 server, 3 revert), a message, optional data.</summary>
public sealed class RpcException(int code, string message, JsonNode? data = null) : Exception(message)
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;
    public const int ServerError = -32000;
    public const int LimitExceeded = -32005;
    /// <summary>geth's code for a reverted eth_call/eth_estimateGas; data carries the revert bytes.</summary>
    public const int ExecutionReverted = 3;

    public int Code { get; } = code;
    public JsonNode? ErrorData { get; } = data;

    public static RpcException BadParams(string message) => new(InvalidParams, message);
}
