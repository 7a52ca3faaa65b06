namespace AgentChain.Agents.NodeRunner;

/// <summary>A node runner could not register or stake: the message says what was missing (e.g. the balance) and what to do.</summary>
public sealed class RunnerEnrollmentException(string message) : Exception(message);
