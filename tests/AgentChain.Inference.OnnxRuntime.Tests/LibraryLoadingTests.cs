using AgentChain.Inference.OnnxRuntime.Native;

namespace AgentChain.Inference.OnnxRuntime.Tests;

public sealed class LibraryLoadingTests
{
    [Fact]
    public void A_missing_library_names_the_npm_package_and_the_script()
    {
        string empty = Directory.CreateTempSubdirectory("ort-missing-").FullName;
        try
        {
            var e = Assert.Throws<OnnxRuntimeUnavailableException>(() => OrtLibraryLocator.Locate(null, [empty]));
            Assert.Contains("onnxruntime-node@1.30.0", e.Message);
            Assert.Contains("scripts/ensure-onnxruntime.sh", e.Message);
            Assert.Contains(OrtLibraryLocator.EnvironmentVariable, e.Message);
            Assert.Contains(empty, e.Message);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void An_override_that_points_nowhere_is_reported_not_ignored()
    {
        var e = Assert.Throws<OnnxRuntimeUnavailableException>(
            () => OrtLibraryLocator.Locate("/nonexistent/libonnxruntime.so.1", [AppContext.BaseDirectory]));
        Assert.Contains("AGENTCHAIN_ONNXRUNTIME_LIB is set to '/nonexistent/libonnxruntime.so.1'", e.Message);
        Assert.Contains("scripts/ensure-onnxruntime.sh", e.Message);
    }

    [Fact]
    public void The_override_wins_when_it_exists()
    {
        string path = OrtTestLibrary.Path;
        Assert.Equal(path, OrtLibraryLocator.Locate(path, []));
    }

    [Fact]
    public void Loading_a_path_that_does_not_exist_fails_closed()
    {
        var e = Assert.Throws<OnnxRuntimeUnavailableException>(() => OrtApi.Load("/nonexistent/libonnxruntime.so.1"));
        Assert.Contains("onnxruntime-node@1.30.0", e.Message);
    }

    [Fact]
    public void A_library_without_OrtGetApiBase_is_refused()
    {
        string libm = new[] { "/lib/x86_64-linux-gnu/libm.so.6", "/usr/lib/x86_64-linux-gnu/libm.so.6", "/lib64/libm.so.6" }
            .FirstOrDefault(File.Exists) ?? throw new InvalidOperationException("no libm.so.6 to test with");
        var e = Assert.Throws<OnnxRuntimeUnavailableException>(() => OrtApi.Load(libm));
        Assert.Contains("does not export OrtGetApiBase", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_library_is_refused()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not an ELF file");
            var e = Assert.Throws<OnnxRuntimeUnavailableException>(() => OrtApi.Load(path));
            Assert.Contains("could not be loaded", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
