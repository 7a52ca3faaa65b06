namespace AgentChain.Node;

/// <summary>The call reverted; <see cref="RevertData"/> is the revert data (geth returns it as the error's data, code 3).</summary>
public sealed class CallRevertedException(byte[] data) : Exception("execution reverted")
{
    public byte[] RevertData { get; } = data;
}
