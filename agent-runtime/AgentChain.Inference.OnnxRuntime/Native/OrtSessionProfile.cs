using System.Runtime.Intrinsics.X86;

namespace AgentChain.Inference.OnnxRuntime.Native;

/// <summary>
/// How a session is configured. Two profiles:
/// <list type="bullet">
/// <item><b>Deterministic</b> (proof mode): CPU only, <c>ORT_SEQUENTIAL</c>, one intra-op and one inter-op thread,
/// <c>ORT_DISABLE_ALL</c> graph optimisation, <c>SetDeterministicCompute(true)</c>, denormals not flushed. One
/// thread fixes every reduction order; disabling graph rewrites means ORT runs each node as the model states it
/// (basic-level fusions such as MatMul+Add→Gemm or constant folding change where rounding happens, and the set of
/// rewrites differs between ORT releases), so the result depends on the model and the kernels only. The kernels
/// themselves (MLAS) pick code paths by CPU instruction set, so bit-identity is promised per runtime id, which names
/// the ISA family; the reproducible managed backend is the one that is bit-identical on every machine.</item>
/// <item><b>Fast</b>: all graph optimisations, the configured thread counts, and the CUDA execution provider when
/// its provider library is present.</item>
/// </list>
/// </summary>
internal sealed record OrtSessionProfile(bool Deterministic, int IntraOpThreads, int InterOpThreads, bool UseCuda)
{
    private const int OrtSequential = 0;
    private const int OrtDisableAll = 0;
    private const int OrtEnableAll = 99;

    public static OrtSessionProfile For(InferenceOptions options, OnnxRuntimeBackendOptions backend, OrtRuntime runtime) =>
        options.Deterministic
            ? new OrtSessionProfile(true, 1, 1, UseCuda: false)
            : new OrtSessionProfile(false, options.Threads > 0 ? options.Threads : backend.IntraOpThreads, backend.InterOpThreads,
                UseCuda: backend.UseCudaWhenAvailable && runtime.CudaAvailable);

    /// <summary>What goes into the inference commitment's runtimeId for sessions of this profile.</summary>
    public string RuntimeId(OrtRuntime runtime) =>
        $"onnxruntime-{runtime.Api.Version}/{(UseCuda ? "cuda" : "cpu")}-{CpuFamily}/{(Deterministic ? "deterministic" : "fast")}";

    /// <summary>The x86 kernel family MLAS dispatches on for float math (best effort: as .NET sees the CPU).</summary>
    public static string CpuFamily =>
        Avx512F.IsSupported ? "x64-avx512" : Avx2.IsSupported && Fma.IsSupported ? "x64-avx2" : System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();

    public unsafe OrtSessionOptionsHandle Create(OrtRuntime runtime)
    {
        OrtApi api = runtime.Api;
        var options = new OrtSessionOptionsHandle(api);
        try
        {
            nint created;
            api.Check(api.CreateSessionOptions(&created), "CreateSessionOptions");
            options.Attach(created);
            nint o = options.Pointer;
            api.Check(api.SetSessionExecutionMode(o, OrtSequential), "SetSessionExecutionMode");
            api.Check(api.SetIntraOpNumThreads(o, IntraOpThreads), "SetIntraOpNumThreads");
            api.Check(api.SetInterOpNumThreads(o, InterOpThreads), "SetInterOpNumThreads");
            if (Deterministic)
            {
                api.Check(api.SetSessionGraphOptimizationLevel(o, OrtDisableAll), "SetSessionGraphOptimizationLevel");
                api.Check(api.SetDeterministicCompute(o, 1), "SetDeterministicCompute");
                fixed (byte* key = "session.set_denormal_as_zero"u8, value = "0"u8)
                    api.Check(api.AddSessionConfigEntry(o, key, value), "AddSessionConfigEntry");
            }
            else
            {
                api.Check(api.SetSessionGraphOptimizationLevel(o, OrtEnableAll), "SetSessionGraphOptimizationLevel");
            }
            if (UseCuda) AppendCuda(api, o);
            return options;
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }

    private static unsafe void AppendCuda(OrtApi api, nint options)
    {
        using var cuda = new OrtCudaProviderOptionsHandle(api);
        nint created;
        api.Check(api.CreateCUDAProviderOptions(&created), "CreateCUDAProviderOptions");
        cuda.Attach(created);
        api.Check(api.SessionOptionsAppendExecutionProvider_CUDA_V2(options, cuda.Pointer), "SessionOptionsAppendExecutionProvider_CUDA_V2");
    }
}
