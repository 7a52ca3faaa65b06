namespace AgentChain.Agents.Specs;

/// <summary>An agent spec that cannot be used: the message names the field, what was wrong and what is expected.</summary>
public sealed class AgentSpecException(string message, Exception? inner = null) : Exception(message, inner);
