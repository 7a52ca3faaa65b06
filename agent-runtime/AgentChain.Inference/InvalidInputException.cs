namespace AgentChain.Inference;

/// <summary>The caller's inputs do not match the model: a missing or unknown name, a wrong element type, or a wrong shape.</summary>
public class InvalidInputException : InferenceException
{
    public InvalidInputException(string message) : base(message) { }
}
