namespace AgentChain.Inference.OnnxRuntime;

/// <summary>The ONNX Runtime native library could not be found, loaded, or does not offer the API version this binding needs.</summary>
public class OnnxRuntimeUnavailableException : InferenceException
{
    public OnnxRuntimeUnavailableException(string message) : base(message) { }

    public OnnxRuntimeUnavailableException(string message, Exception innerException) : base(message, innerException) { }
}
