namespace AgentChain.Inference;

/// <summary>An inference engine that turns ONNX model bytes into runnable sessions.</summary>
public interface IInferenceBackend
{
    /// <summary>Short name used on the command line and in logs (e.g. "reproducible", "ort").</summary>
    string Name { get; }

    /// <summary>
    /// Identifies the exact numeric behaviour of this backend; it goes into the inference commitment
    /// (<c>runtimeId</c>), so two backends (or versions) that may round differently must report different ids.
    /// </summary>
    string RuntimeId { get; }

    /// <summary>Parses and prepares a model. Throws <see cref="InvalidModelException"/> for malformed models and <see cref="UnsupportedOperatorException"/> for ops this backend cannot run.</summary>
    IInferenceSession Load(ReadOnlyMemory<byte> modelBytes, InferenceOptions options);
}
