namespace AgentChain.Inference;

/// <summary>The model bytes are not a valid ONNX model this backend can read (bad protobuf, external data, dangling names, bad attributes).</summary>
public class InvalidModelException : InferenceException
{
    public InvalidModelException(string message) : base(message) { }

    public InvalidModelException(string message, Exception innerException) : base(message, innerException) { }
}
