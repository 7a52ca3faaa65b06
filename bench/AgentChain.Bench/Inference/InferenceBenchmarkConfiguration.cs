using AgentChain.Inference;
using AgentChain.Inference.OnnxRuntime;
using AgentChain.Inference.Reproducible;

namespace AgentChain.Bench.Inference;

/// <summary>One way of running a model that the inference benchmarks time: a backend and the options its sessions get.</summary>
public sealed record InferenceBenchmarkConfiguration(string Name, string Description, Func<IInferenceBackend> Backend, InferenceOptions Options)
{
    public const string ReproducibleSingleThread = "reproducible-1t";
    public const string ReproducibleDefault = "reproducible";
    public const string OrtSingleThread = "ort-1t";
    public const string OrtDefault = "ort";
    public const string OrtProof = "ort-proof";

    /// <summary>
    /// The reproducible backend at one thread and at its default (one per core); ORT's fast profile (all graph
    /// optimisations) at one intra-op thread and at ORT's default; ORT's deterministic proof-mode profile.
    /// </summary>
    public static IReadOnlyList<InferenceBenchmarkConfiguration> All { get; } =
    [
        new(ReproducibleSingleThread, "reproducible backend, 1 thread", () => new ReproducibleBackend(), new InferenceOptions { Threads = 1 }),
        new(ReproducibleDefault, $"reproducible backend, default threads ({Environment.ProcessorCount})", () => new ReproducibleBackend(), new InferenceOptions()),
        new(OrtSingleThread, "ONNX Runtime fast profile, 1 intra-op thread", () => new OnnxRuntimeBackend(new OnnxRuntimeBackendOptions { InterOpThreads = 1 }),
            new InferenceOptions { Deterministic = false, Threads = 1 }),
        new(OrtDefault, "ONNX Runtime fast profile, ORT's default intra-op threads", () => new OnnxRuntimeBackend(), new InferenceOptions { Deterministic = false }),
        new(OrtProof, "ONNX Runtime deterministic (proof-mode) profile: 1 thread, no graph rewrites", () => new OnnxRuntimeBackend(), InferenceOptions.Default),
    ];
}
