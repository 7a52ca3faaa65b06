namespace AgentChain.Inference.OnnxRuntime;

/// <summary>An ONNX Runtime call returned a non-null <c>OrtStatus</c>: its error code and message, and which call it was.</summary>
public class OnnxRuntimeException : InferenceException
{
    public OnnxRuntimeException(OrtErrorCode errorCode, string operation, string ortMessage)
        : base($"ONNX Runtime {operation} failed ({errorCode}): {ortMessage}")
    {
        ErrorCode = errorCode;
        Operation = operation;
        OrtMessage = ortMessage;
    }

    public OrtErrorCode ErrorCode { get; }

    /// <summary>The C API function that failed (e.g. "CreateSessionFromArray").</summary>
    public string Operation { get; }

    /// <summary>ONNX Runtime's own message, unchanged.</summary>
    public string OrtMessage { get; }
}
