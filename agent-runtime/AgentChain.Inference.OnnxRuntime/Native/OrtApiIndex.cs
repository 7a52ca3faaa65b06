namespace AgentChain.Inference.OnnxRuntime.Native;

/// <summary>
/// Positions of the functions this binding uses in ONNX Runtime's <c>OrtApi</c> struct (a table of function
/// pointers, one per member, in declaration order). The table is append-only across releases — that is ORT's ABI
/// promise — so an index, once right, stays right for every later version.
/// </summary>
/// <remarks>
/// Derived by counting the members of <c>struct OrtApi</c> in <c>onnxruntime_c_api.h</c> (ORT_API_VERSION 13 header
/// for 0..154), cross-checked member by member against the C# binding's <c>OrtApi</c> mirror in the ORT repository
/// (csharp/src/Microsoft.ML.OnnxRuntime/NativeMethods.shared.cs, which lists every member to
/// RunOptionsAddActiveLoraAdapter), and against the header's order around SetDeterministicCompute
/// (…, ShapeInferContext_SetOutputTypeShape, SetSymbolicDimensions, ReadOpAttr, SetDeterministicCompute,
/// KernelContext_ParallelFor, …). At run time <see cref="OrtApi"/> checks the count behaviourally: a status made by
/// CreateStatus reads back through GetErrorCode/GetErrorMessage, and GetBuildInfoString (254) returns ORT's
/// "ORT Build Info" line; a shifted table would fail both (see OrtApiTableTests).
/// </remarks>
internal static class OrtApiIndex
{
    public const int CreateStatus = 0;
    public const int GetErrorCode = 1;
    public const int GetErrorMessage = 2;
    public const int CreateEnv = 3;
    public const int CreateSessionFromArray = 8;
    public const int Run = 9;
    public const int CreateSessionOptions = 10;
    public const int SetSessionExecutionMode = 13;
    public const int SetSessionGraphOptimizationLevel = 23;
    public const int SetIntraOpNumThreads = 24;
    public const int SetInterOpNumThreads = 25;
    public const int SessionGetInputCount = 30;
    public const int SessionGetOutputCount = 31;
    public const int SessionGetInputTypeInfo = 33;
    public const int SessionGetOutputTypeInfo = 34;
    public const int SessionGetInputName = 36;
    public const int SessionGetOutputName = 37;
    public const int CreateTensorAsOrtValue = 48;
    public const int CreateTensorWithDataAsOrtValue = 49;
    public const int GetTensorMutableData = 51;
    public const int CastTypeInfoToTensorInfo = 55;
    public const int GetOnnxTypeFromTypeInfo = 56;
    public const int GetTensorElementType = 60;
    public const int GetDimensionsCount = 61;
    public const int GetDimensions = 62;
    public const int GetSymbolicDimensions = 63;
    public const int GetTensorShapeElementCount = 64;
    public const int GetTensorTypeAndShape = 65;
    public const int GetValueType = 67;
    public const int CreateCpuMemoryInfo = 69;
    public const int AllocatorFree = 76;
    public const int GetAllocatorWithDefaultOptions = 78;
    public const int ReleaseEnv = 92;
    public const int ReleaseStatus = 93;
    public const int ReleaseMemoryInfo = 94;
    public const int ReleaseSession = 95;
    public const int ReleaseValue = 96;
    public const int ReleaseTypeInfo = 98;
    public const int ReleaseTensorTypeAndShapeInfo = 99;
    public const int ReleaseSessionOptions = 100;
    public const int GetAvailableProviders = 125;
    public const int ReleaseAvailableProviders = 126;
    public const int AddSessionConfigEntry = 130;
    public const int SessionOptionsAppendExecutionProvider_CUDA_V2 = 204;
    public const int CreateCUDAProviderOptions = 205;
    public const int ReleaseCUDAProviderOptions = 208;
    public const int GetBuildInfoString = 254;
    public const int SetDeterministicCompute = 273;

    /// <summary>The table must have at least this many entries for every index above to be in range.</summary>
    public const int RequiredCount = SetDeterministicCompute + 1;
}
