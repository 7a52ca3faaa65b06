namespace AgentChain.Inference;

/// <summary>How a backend should run a session.</summary>
public sealed record InferenceOptions
{
    /// <summary>Worker threads for one run; 0 lets the backend choose. The reproducible backend's results do not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>
    /// Ask for the backend's deterministic profile (no nondeterministic kernels, fixed reduction order where the
    /// backend can promise it). The reproducible backend is always deterministic; this flag matters for others.
    /// </summary>
    public bool Deterministic { get; init; } = true;

    public static InferenceOptions Default { get; } = new();
}
