using System.Runtime.InteropServices;

namespace AgentChain.Inference.OnnxRuntime.Native;

/// <summary>
/// The loaded ONNX Runtime library: the one exported symbol we resolve (<c>OrtGetApiBase</c>), the versioned
/// <c>OrtApi</c> table, and typed function pointers read from it by index (<see cref="OrtApiIndex"/>). Every call
/// that returns an <c>OrtStatus*</c> goes through <see cref="Check"/>, which turns a non-null status into an
/// <see cref="OnnxRuntimeException"/> and releases it.
/// </summary>
internal sealed unsafe class OrtApi
{
    /// <summary>
    /// The <c>ORT_API_VERSION</c> this binding is written against. ORT numbers API versions after its minor release
    /// (1.30 → 30); asking for 30 makes an older library answer null, and we fail closed on that.
    /// </summary>
    public const uint ApiVersion = 30;

    private readonly nint _table;

    private OrtApi(nint library, string libraryPath, nint table, string version)
    {
        Library = library;
        LibraryPath = libraryPath;
        _table = table;
        Version = version;

        CreateStatus = (delegate* unmanaged<int, byte*, nint>)Entry(OrtApiIndex.CreateStatus);
        GetErrorCode = (delegate* unmanaged<nint, int>)Entry(OrtApiIndex.GetErrorCode);
        GetErrorMessage = (delegate* unmanaged<nint, byte*>)Entry(OrtApiIndex.GetErrorMessage);
        ReleaseStatus = (delegate* unmanaged<nint, void>)Entry(OrtApiIndex.ReleaseStatus);

        CreateEnv = (delegate* unmanaged<int, byte*, nint*, nint>)Entry(OrtApiIndex.CreateEnv);
        ReleaseEnv = (delegate* unmanaged<nint, void>)Entry(OrtApiIndex.ReleaseEnv);

        CreateSessionOptions = (delegate* unmanaged<nint*, nint>)Entry(OrtApiIndex.CreateSessionOptions);
        SetSessionExecutionMode = (delegate* unmanaged<nint, int, nint>)Entry(OrtApiIndex.SetSessionExecutionMode);
        SetSessionGraphOptimizationLevel = (delegate* unmanaged<nint, int, nint>)Entry(OrtApiIndex.SetSessionGraphOptimizationLevel);
        SetIntraOpNumThreads = (delegate* unmanaged<nint, int, nint>)Entry(OrtApiIndex.SetIntraOpNumThreads);
        SetInterOpNumThreads = (delegate* unmanaged<nint, int, nint>)Entry(OrtApiIndex.SetInterOpNumThreads);
        AddSessionConfigEntry = (delegate* unmanaged<nint, byte*, byte*, nint>)Entry(OrtApiIndex.AddSessionConfigEntry);
        SetDeterministicCompute = (delegate* unmanaged<nint, byte, nint>)Entry(OrtApiIndex.SetDeterministicCompute);
        ReleaseSessionOptions = (delegate* unmanaged<nint, void>)Entry(OrtApiIndex.ReleaseSessionOptions);

        CreateCUDAProviderOptions = (delegate* unmanaged<nint*, nint>)Entry(OrtApiIndex.CreateCUDAProviderOptions);
        SessionOptionsAppendExecutionProvider_CUDA_V2 = (delegate* unmanaged<nint, nint, nint>)Entry(OrtApiIndex.SessionOptionsAppendExecutionProvider_CUDA_V2);
        ReleaseCUDAProviderOptions = (delegate* unmanaged<nint, void>)Entry(OrtApiIndex.ReleaseCUDAProviderOptions);
        GetAvailableProviders = (delegate* unmanaged<byte***, int*, nint>)Entry(OrtApiIndex.GetAvailableProviders);
        ReleaseAvailableProviders = (delegate* unmanaged<byte**, int, nint>)Entry(OrtApiIndex.ReleaseAvailableProviders);

        CreateSessionFromArray = (delegate* unmanaged<nint, void*, nuint, nint, nint*, nint>)Entry(OrtApiIndex.CreateSessionFromArray);
        ReleaseSession = (delegate* unmanaged<nint, void>)Entry(OrtApiIndex.ReleaseSession);
        SessionGetInputCount = (delegate* unmanaged<nint, nuint*, nint>)Entry(OrtApiIndex.SessionGetInputCount);
        SessionGetOutputCount = (delegate* unmanaged<nint, nuint*, nint>)Entry(OrtApiIndex.SessionGetOutputCount);
        SessionGetInputTypeInfo = (delegate* unmanaged<nint, nuint, nint*, nint>)Entry(OrtApiIndex.SessionGetInputTypeInfo);
        SessionGetOutputTypeInfo = (delegate* unmanaged<nint, nuint, nint*, nint>)Entry(OrtApiIndex.SessionGetOutputTypeInfo);
        SessionGetInputName = (delegate* unmanaged<nint, nuint, nint, byte**, nint>)Entry(OrtApiIndex.SessionGetInputName);
        SessionGetOutputName = (delegate* unmanaged<nint, nuint, nint, byte**, nint>)Entry(OrtApiIndex.SessionGetOutputName);
        Run = (delegate* unmanaged<nint, nint, byte**, nint*, nuint, byte**, nuint, nint*, nint>)Entry(OrtApiIndex.Run);

        CastTypeInfoToTensorInfo = (delegate* unmanaged<nint, nint*, nint>)Entry(OrtApiIndex.CastTypeInfoToTensorInfo);
        GetOnnxTypeFromTypeInfo = (delegate* unmanaged<nint, int*, nint>)Entry(OrtApiIndex.GetOnnxTypeFromTypeInfo);
        ReleaseTypeInfo = (delegate* unmanaged<nint, void>)Entry(OrtApiIndex.ReleaseTypeInfo);
        GetTensorElementType = (delegate* unmanaged<nint, int*, nint>)Entry(OrtApiIndex.GetTensorElementType);
        GetDimensionsCount = (delegate* unmanaged<nint, nuint*, nint>)Entry(OrtApiIndex.GetDimensionsCount);
        GetDimensions = (delegate* unmanaged<nint, long*, nuint, nint>)Entry(OrtApiIndex.GetDimensions);
        GetSymbolicDimensions = (delegate* unmanaged<nint, byte**, nuint, nint>)Entry(OrtApiIndex.GetSymbolicDimensions);
        GetTensorShapeElementCount = (delegate* unmanaged<nint, nuint*, nint>)Entry(OrtApiIndex.GetTensorShapeElementCount);
        ReleaseTensorTypeAndShapeInfo = (delegate* unmanaged<nint, void>)Entry(OrtApiIndex.ReleaseTensorTypeAndShapeInfo);

        CreateCpuMemoryInfo = (delegate* unmanaged<int, int, nint*, nint>)Entry(OrtApiIndex.CreateCpuMemoryInfo);
        ReleaseMemoryInfo = (delegate* unmanaged<nint, void>)Entry(OrtApiIndex.ReleaseMemoryInfo);
        GetAllocatorWithDefaultOptions = (delegate* unmanaged<nint*, nint>)Entry(OrtApiIndex.GetAllocatorWithDefaultOptions);
        AllocatorFree = (delegate* unmanaged<nint, void*, nint>)Entry(OrtApiIndex.AllocatorFree);

        CreateTensorWithDataAsOrtValue = (delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint>)Entry(OrtApiIndex.CreateTensorWithDataAsOrtValue);
        CreateTensorAsOrtValue = (delegate* unmanaged<nint, long*, nuint, int, nint*, nint>)Entry(OrtApiIndex.CreateTensorAsOrtValue);
        GetTensorMutableData = (delegate* unmanaged<nint, void**, nint>)Entry(OrtApiIndex.GetTensorMutableData);
        GetTensorTypeAndShape = (delegate* unmanaged<nint, nint*, nint>)Entry(OrtApiIndex.GetTensorTypeAndShape);
        GetValueType = (delegate* unmanaged<nint, int*, nint>)Entry(OrtApiIndex.GetValueType);
        ReleaseValue = (delegate* unmanaged<nint, void>)Entry(OrtApiIndex.ReleaseValue);

        GetBuildInfoString = (delegate* unmanaged<byte*>)Entry(OrtApiIndex.GetBuildInfoString);
    }

    public nint Library { get; }

    public string LibraryPath { get; }

    /// <summary>What the library says it is (<c>OrtApiBase::GetVersionString</c>), e.g. "1.30.0".</summary>
    public string Version { get; }

    public readonly delegate* unmanaged<int, byte*, nint> CreateStatus;
    public readonly delegate* unmanaged<nint, int> GetErrorCode;
    public readonly delegate* unmanaged<nint, byte*> GetErrorMessage;
    public readonly delegate* unmanaged<nint, void> ReleaseStatus;
    public readonly delegate* unmanaged<int, byte*, nint*, nint> CreateEnv;
    public readonly delegate* unmanaged<nint, void> ReleaseEnv;
    public readonly delegate* unmanaged<nint*, nint> CreateSessionOptions;
    public readonly delegate* unmanaged<nint, int, nint> SetSessionExecutionMode;
    public readonly delegate* unmanaged<nint, int, nint> SetSessionGraphOptimizationLevel;
    public readonly delegate* unmanaged<nint, int, nint> SetIntraOpNumThreads;
    public readonly delegate* unmanaged<nint, int, nint> SetInterOpNumThreads;
    public readonly delegate* unmanaged<nint, byte*, byte*, nint> AddSessionConfigEntry;
    public readonly delegate* unmanaged<nint, byte, nint> SetDeterministicCompute;
    public readonly delegate* unmanaged<nint, void> ReleaseSessionOptions;
    public readonly delegate* unmanaged<nint*, nint> CreateCUDAProviderOptions;
    public readonly delegate* unmanaged<nint, nint, nint> SessionOptionsAppendExecutionProvider_CUDA_V2;
    public readonly delegate* unmanaged<nint, void> ReleaseCUDAProviderOptions;
    public readonly delegate* unmanaged<byte***, int*, nint> GetAvailableProviders;
    public readonly delegate* unmanaged<byte**, int, nint> ReleaseAvailableProviders;
    public readonly delegate* unmanaged<nint, void*, nuint, nint, nint*, nint> CreateSessionFromArray;
    public readonly delegate* unmanaged<nint, void> ReleaseSession;
    public readonly delegate* unmanaged<nint, nuint*, nint> SessionGetInputCount;
    public readonly delegate* unmanaged<nint, nuint*, nint> SessionGetOutputCount;
    public readonly delegate* unmanaged<nint, nuint, nint*, nint> SessionGetInputTypeInfo;
    public readonly delegate* unmanaged<nint, nuint, nint*, nint> SessionGetOutputTypeInfo;
    public readonly delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetInputName;
    public readonly delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetOutputName;
    public readonly delegate* unmanaged<nint, nint, byte**, nint*, nuint, byte**, nuint, nint*, nint> Run;
    public readonly delegate* unmanaged<nint, nint*, nint> CastTypeInfoToTensorInfo;
    public readonly delegate* unmanaged<nint, int*, nint> GetOnnxTypeFromTypeInfo;
    public readonly delegate* unmanaged<nint, void> ReleaseTypeInfo;
    public readonly delegate* unmanaged<nint, int*, nint> GetTensorElementType;
    public readonly delegate* unmanaged<nint, nuint*, nint> GetDimensionsCount;
    public readonly delegate* unmanaged<nint, long*, nuint, nint> GetDimensions;
    public readonly delegate* unmanaged<nint, byte**, nuint, nint> GetSymbolicDimensions;
    public readonly delegate* unmanaged<nint, nuint*, nint> GetTensorShapeElementCount;
    public readonly delegate* unmanaged<nint, void> ReleaseTensorTypeAndShapeInfo;
    public readonly delegate* unmanaged<int, int, nint*, nint> CreateCpuMemoryInfo;
    public readonly delegate* unmanaged<nint, void> ReleaseMemoryInfo;
    public readonly delegate* unmanaged<nint*, nint> GetAllocatorWithDefaultOptions;
    public readonly delegate* unmanaged<nint, void*, nint> AllocatorFree;
    public readonly delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint> CreateTensorWithDataAsOrtValue;
    public readonly delegate* unmanaged<nint, long*, nuint, int, nint*, nint> CreateTensorAsOrtValue;
    public readonly delegate* unmanaged<nint, void**, nint> GetTensorMutableData;
    public readonly delegate* unmanaged<nint, nint*, nint> GetTensorTypeAndShape;
    public readonly delegate* unmanaged<nint, int*, nint> GetValueType;
    public readonly delegate* unmanaged<nint, void> ReleaseValue;
    public readonly delegate* unmanaged<byte*> GetBuildInfoString;

    /// <summary>
    /// Loads the library at <paramref name="path"/>, resolves only <c>OrtGetApiBase</c>, and asks for the
    /// <see cref="ApiVersion"/> table. Fails closed (throws) when any step yields nothing.
    /// </summary>
    public static OrtApi Load(string path)
    {
        if (!File.Exists(path))
            throw new OnnxRuntimeUnavailableException($"ONNX Runtime library '{path}' does not exist. {OrtLibraryLocator.HowToInstall}");
        nint library;
        try
        {
            library = NativeLibrary.Load(path);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            throw new OnnxRuntimeUnavailableException($"ONNX Runtime library '{path}' could not be loaded: {e.Message}. {OrtLibraryLocator.HowToInstall}", e);
        }
        if (!NativeLibrary.TryGetExport(library, "OrtGetApiBase", out nint getApiBase))
            throw new OnnxRuntimeUnavailableException($"'{path}' does not export OrtGetApiBase; it is not an ONNX Runtime library. {OrtLibraryLocator.HowToInstall}");

        // struct OrtApiBase { const OrtApi* (*GetApi)(uint32_t version); const char* (*GetVersionString)(void); }
        var apiBase = ((delegate* unmanaged<nint*>)getApiBase)();
        if (apiBase == null || apiBase[0] == 0 || apiBase[1] == 0)
            throw new OnnxRuntimeUnavailableException($"OrtGetApiBase in '{path}' returned no API base");
        string version = Marshal.PtrToStringUTF8((nint)((delegate* unmanaged<byte*>)apiBase[1])()) ?? "?";
        nint table = ((delegate* unmanaged<uint, nint>)apiBase[0])(ApiVersion);
        if (table == 0)
            throw new OnnxRuntimeUnavailableException(
                $"ONNX Runtime {version} at '{path}' does not provide C API version {ApiVersion} (ONNX Runtime 1.{ApiVersion} or newer is required). {OrtLibraryLocator.HowToInstall}");
        return new OrtApi(library, path, table, version);
    }

    private nint Entry(int index)
    {
        nint fn = ((nint*)_table)[index];
        if (fn == 0)
            throw new OnnxRuntimeUnavailableException($"ONNX Runtime {Version}: OrtApi entry {index} is null; the library does not match API version {ApiVersion}");
        return fn;
    }

    /// <summary>Throws for a non-null status (after releasing it); does nothing for null (success).</summary>
    public void Check(nint status, string operation)
    {
        if (status == 0) return;
        var code = (OrtErrorCode)GetErrorCode(status);
        string message = Marshal.PtrToStringUTF8((nint)GetErrorMessage(status)) ?? "(no message)";
        ReleaseStatus(status);
        throw new OnnxRuntimeException(code, operation, message);
    }

    /// <summary>ORT's build description (commit, build type); also proves that entry 254 of the table is what we think.</summary>
    public string BuildInfo => Marshal.PtrToStringUTF8((nint)GetBuildInfoString()) ?? "";

    /// <summary>The execution providers compiled into this library (not necessarily loadable).</summary>
    public IReadOnlyList<string> AvailableProviders()
    {
        byte** names;
        int count;
        Check(GetAvailableProviders(&names, &count), "GetAvailableProviders");
        try
        {
            var result = new string[count];
            for (int i = 0; i < count; i++) result[i] = Marshal.PtrToStringUTF8((nint)names[i]) ?? "";
            return result;
        }
        finally
        {
            Check(ReleaseAvailableProviders(names, count), "ReleaseAvailableProviders");
        }
    }
}
