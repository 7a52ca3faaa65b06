using System.Diagnostics;

namespace AgentChain.Inference.OnnxRuntime.Tests;

/// <summary>
/// Makes sure the native library is there before a test needs it: if it cannot be located, runs
/// scripts/ensure-onnxruntime.sh once (npm ci of the pinned onnxruntime-node) and, if that fails, fails the test with
/// what to run.
/// </summary>
internal static class OrtTestLibrary
{
    private static readonly Lazy<string> Path_ = new(EnsureInstalled);

    public static string Path => Path_.Value;

    public static void Ensure() => _ = Path_.Value;

    private static string EnsureInstalled()
    {
        try
        {
            return OrtLibraryLocator.Locate();
        }
        catch (OnnxRuntimeUnavailableException first)
        {
            string script = System.IO.Path.Combine(RepositoryRoot(), "scripts", "ensure-onnxruntime.sh");
            var start = new ProcessStartInfo("bash", $"\"{script}\"") { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
            string stdout = process.StandardOutput.ReadToEnd();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException(
                    $"The ORT tests need the ONNX Runtime library and installing it failed (exit {process.ExitCode}). " +
                    $"CI must have npm and run scripts/ensure-onnxruntime.sh before the tests.\n{first.Message}\n{stderr}{stdout}");
            return OrtLibraryLocator.Locate();
        }
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "AgentChain.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no AgentChain.sln above {AppContext.BaseDirectory}");
    }

    public static string Fixture(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures", name);
}
