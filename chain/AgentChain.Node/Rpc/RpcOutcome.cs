using System.Runtime.ExceptionServices;
using System.Text.Json.Nodes;

namespace AgentChain.Node.Rpc;

/// <summary>A method's result, or the exception it threw, kept so that the response can be framed later.</summary>
public readonly record struct RpcOutcome(JsonNode? Result, Exception? Error)
{
    /// <summary>The result, or the exception rethrown with its original stack trace.</summary>
    public JsonNode? Unwrap()
    {
        if (Error is not null) ExceptionDispatchInfo.Throw(Error);
        return Result;
    }
}
