using System.Runtime.InteropServices;

namespace AgentChain.Inference.OnnxRuntime.Native;

/// <summary>
/// The process-wide part of ONNX Runtime: the loaded API table, one <c>OrtEnv</c> (ORT keeps one per process), the
/// CPU memory description input tensors are created with, and the default allocator names are returned in. Created
/// on first use and kept for the life of the process; releasing the env while sessions exist is not allowed by ORT.
/// </summary>
internal sealed unsafe class OrtRuntime
{
    private static readonly object Gate = new();
    private static OrtRuntime? s_shared;

    private OrtRuntime(OrtApi api)
    {
        Api = api;
        Env = new OrtEnvHandle(api);
        nint env;
        fixed (byte* logId = "agentchain"u8)
            api.Check(api.CreateEnv(3 /* ORT_LOGGING_LEVEL_ERROR: ORT's own warnings stay off stderr */, logId, &env), "CreateEnv");
        Env.Attach(env);

        CpuMemory = new OrtMemoryInfoHandle(api);
        nint memory;
        api.Check(api.CreateCpuMemoryInfo(0 /* OrtDeviceAllocator */, 0 /* OrtMemTypeDefault */, &memory), "CreateCpuMemoryInfo");
        CpuMemory.Attach(memory);

        nint allocator;
        api.Check(api.GetAllocatorWithDefaultOptions(&allocator), "GetAllocatorWithDefaultOptions");
        DefaultAllocator = allocator;

        string libraryDir = Path.GetDirectoryName(api.LibraryPath) ?? ".";
        CudaProviderLibrary = Path.Combine(libraryDir, "libonnxruntime_providers_cuda.so");
        CudaAvailable = File.Exists(CudaProviderLibrary) && File.Exists(Path.Combine(libraryDir, "libonnxruntime_providers_shared.so"));
    }

    public OrtApi Api { get; }

    public OrtEnvHandle Env { get; }

    public OrtMemoryInfoHandle CpuMemory { get; }

    /// <summary>ORT's default CPU allocator; owned by ORT, never freed.</summary>
    public nint DefaultAllocator { get; }

    /// <summary>Where the CUDA execution provider would have to be: next to libonnxruntime (npm CPU builds do not ship it).</summary>
    public string CudaProviderLibrary { get; }

    public bool CudaAvailable { get; }

    /// <summary>The shared runtime, loading the library <see cref="OrtLibraryLocator"/> finds on first use.</summary>
    public static OrtRuntime Shared
    {
        get
        {
            if (Volatile.Read(ref s_shared) is { } shared) return shared;
            lock (Gate)
            {
                if (s_shared is null)
                {
                    var runtime = new OrtRuntime(OrtApi.Load(OrtLibraryLocator.Locate()));
                    Console.Error.WriteLine(runtime.Describe());
                    Volatile.Write(ref s_shared, runtime);
                }
                return s_shared;
            }
        }
    }

    /// <summary>The one log line about which library is in use and where sessions will run.</summary>
    public string Describe() => CudaAvailable
        ? $"ONNX Runtime {Api.Version} loaded from {Api.LibraryPath}; CUDA execution provider found ({CudaProviderLibrary}); fast-profile sessions run on CUDA, deterministic ones on CPU"
        : $"ONNX Runtime {Api.Version} loaded from {Api.LibraryPath}. ONNX Runtime: CUDA execution provider not available (libonnxruntime_providers_cuda.so not found); running on CPU";

    /// <summary>Reads a string ORT allocated with the default allocator, then frees it.</summary>
    public string TakeAllocatedString(byte* value)
    {
        using var owned = new OrtAllocatedStringHandle(Api, DefaultAllocator);
        owned.Attach((nint)value);
        return owned.Read();
    }

    public static string Utf8(byte* value) => Marshal.PtrToStringUTF8((nint)value) ?? "";
}
