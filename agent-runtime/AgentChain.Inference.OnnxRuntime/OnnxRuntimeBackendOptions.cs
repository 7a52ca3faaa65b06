namespace AgentChain.Inference.OnnxRuntime;

/// <summary>Settings of the ONNX Runtime backend beyond the per-load <see cref="InferenceOptions"/>.</summary>
public sealed record OnnxRuntimeBackendOptions
{
    /// <summary>Intra-op threads for the fast profile when <see cref="InferenceOptions.Threads"/> is 0; 0 lets ORT choose (one per core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Inter-op threads for the fast profile (used only by ORT's parallel execution mode, which we do not enable); 0 lets ORT choose.</summary>
    public int InterOpThreads { get; init; }

    /// <summary>Append the CUDA execution provider to fast-profile sessions when its provider library sits next to libonnxruntime.</summary>
    public bool UseCudaWhenAvailable { get; init; } = true;

    public static OnnxRuntimeBackendOptions Default { get; } = new();
}
