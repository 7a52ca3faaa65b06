namespace AgentChain.Inference;

/// <summary>The model uses an operator the backend does not implement. The message is exactly "op X not supported by backend Y".</summary>
public class UnsupportedOperatorException : InferenceException
{
    public UnsupportedOperatorException(string opType, string backend)
        : base($"op {opType} not supported by backend {backend}")
    {
        OpType = opType;
        Backend = backend;
    }

    /// <summary>The operator name, qualified with its domain when that is not the default ONNX domain (e.g. "ai.onnx.ml.ZipMap").</summary>
    public string OpType { get; }

    public string Backend { get; }
}
