namespace AgentChain.Governance.Harness;

/// <summary>A transaction or call on a <see cref="DevChain"/> did not do what the caller required.</summary>
public sealed class DevChainException(string message) : Exception(message);
