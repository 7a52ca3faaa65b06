namespace AgentChain.Inference;

/// <summary>Base of every error an inference backend reports about a model, its inputs or itself.</summary>
public class InferenceException : Exception
{
    public InferenceException(string message) : base(message) { }

    public InferenceException(string message, Exception innerException) : base(message, innerException) { }
}
