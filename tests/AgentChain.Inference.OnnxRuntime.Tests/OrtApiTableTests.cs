using System.Runtime.InteropServices;
using AgentChain.Inference.OnnxRuntime.Native;

namespace AgentChain.Inference.OnnxRuntime.Tests;

/// <summary>
/// Behavioural checks that the OrtApi indexes point where OrtApiIndex says: a wrong count would call the wrong
/// function and fail these (or crash), long before a model runs.
/// </summary>
public sealed unsafe class OrtApiTableTests
{
    public OrtApiTableTests() => OrtTestLibrary.Ensure();

    private static OrtApi Api => OrtRuntime.Shared.Api;

    [Fact]
    public void The_loaded_library_is_onnx_runtime_1_30()
    {
        Assert.StartsWith("1.30.", Api.Version);
        Assert.Equal(30u, OrtApi.ApiVersion);
    }

    [Fact]
    public void Status_round_trips_through_CreateStatus_GetErrorCode_GetErrorMessage_ReleaseStatus()
    {
        nint status;
        fixed (byte* message = "model says no\0"u8)
            status = Api.CreateStatus((int)OrtErrorCode.InvalidGraph, message);
        Assert.NotEqual(0, status);
        Assert.Equal((int)OrtErrorCode.InvalidGraph, Api.GetErrorCode(status));
        Assert.Equal("model says no", Marshal.PtrToStringUTF8((nint)Api.GetErrorMessage(status)));
        Api.ReleaseStatus(status);
    }

    [Fact]
    public void Check_turns_a_status_into_a_typed_exception()
    {
        nint status;
        fixed (byte* message = "bad thing\0"u8)
            status = Api.CreateStatus((int)OrtErrorCode.NoSuchFile, message);
        var e = Assert.Throws<OnnxRuntimeException>(() => Api.Check(status, "SomeCall"));
        Assert.Equal(OrtErrorCode.NoSuchFile, e.ErrorCode);
        Assert.Equal("SomeCall", e.Operation);
        Assert.Equal("bad thing", e.OrtMessage);
        Assert.Contains("SomeCall", e.Message);
        Api.Check(0, "nothing"); // a null status is success
    }

    [Fact]
    public void Entry_254_is_GetBuildInfoString()
    {
        Assert.StartsWith("ORT Build Info", Api.BuildInfo);
    }

    [Fact]
    public void Entry_125_lists_the_cpu_provider()
    {
        Assert.Contains("CPUExecutionProvider", Api.AvailableProviders());
    }

    [Fact]
    public void The_log_line_says_where_sessions_run()
    {
        string line = OrtRuntime.Shared.Describe();
        Assert.Contains(Api.Version, line);
        if (!OrtRuntime.Shared.CudaAvailable)
            Assert.Contains("ONNX Runtime: CUDA execution provider not available (libonnxruntime_providers_cuda.so not found); running on CPU", line);
    }
}
