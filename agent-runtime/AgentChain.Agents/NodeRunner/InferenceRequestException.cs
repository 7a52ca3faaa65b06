namespace AgentChain.Agents.NodeRunner;

/// <summary>
/// An inference request the endpoint refuses: the message names the field and what was expected; <see cref="Status"/>
/// is the HTTP status it is answered with (400, or 413 for a body over the limit).
/// </summary>
public sealed class InferenceRequestException(string message, int status = 400) : Exception(message)
{
    public int Status { get; } = status;
}
