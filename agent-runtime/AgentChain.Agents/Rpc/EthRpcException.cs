using AgentChain.Core.Encoding;

namespace AgentChain.Agents.Rpc;

/// <summary>
/// A JSON-RPC error answer (or a transport failure when <see cref="Code"/> is null). <see cref="RevertData"/> holds
/// the revert bytes of a failed eth_call/eth_estimateGas (geth's code 3 + data), which callers decode by ABI.
/// </summary>
public sealed class EthRpcException(string method, int? code, string message, string? data = null, Exception? inner = null)
    : Exception(code is null ? $"{method}: {message}" : $"{method}: {message} (code {code})", inner)
{
    public string Method { get; } = method;
    public int? Code { get; } = code;
    public string RpcMessage { get; } = message;

    /// <summary>The error's <c>data</c> field as the node sent it (hex for reverts).</summary>
    public string? ErrorData { get; } = data;

    /// <summary>Revert data of an execution error, or null when this is not a revert.</summary>
    public byte[]? RevertData => IsRevert && ErrorData is not null && Hex.TryDecode(ErrorData, out byte[] bytes) ? bytes : IsRevert ? [] : null;

    /// <summary>The node executed the call and it reverted: retrying the same call cannot help.</summary>
    public bool IsRevert => Code == 3 || (Code == -32000 && RpcMessage.StartsWith("execution reverted", StringComparison.Ordinal));

    /// <summary>
    /// Worth retrying: the node could not be reached or answered with a server-side fault (not a verdict on the request).
    /// </summary>
    public bool IsTransient => Code is null || Code is -32603 or -32005;
}
