namespace AgentChain.Node;

/// <summary>A state read at a block whose state this node no longer (or never) kept.</summary>
public sealed class StateUnavailableException(string message) : Exception(message);
