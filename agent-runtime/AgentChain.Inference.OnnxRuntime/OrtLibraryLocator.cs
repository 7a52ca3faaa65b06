namespace AgentChain.Inference.OnnxRuntime;

/// <summary>
/// Finds libonnxruntime.so.1: <c>AGENTCHAIN_ONNXRUNTIME_LIB</c> when set (and then only there), otherwise the copy
/// scripts/ensure-onnxruntime.sh installs from the npm package, found by walking up from the application's folder to
/// the repository, otherwise a copy next to the application.
/// </summary>
public static class OrtLibraryLocator
{
    public const string EnvironmentVariable = "AGENTCHAIN_ONNXRUNTIME_LIB";

    public const string NpmPackage = "onnxruntime-node@1.30.0";

    public const string LibraryFileName = "libonnxruntime.so.1";

    /// <summary>Where the ensure script puts the library, relative to the repository root.</summary>
    public static readonly string RepositoryRelativePath = Path.Combine(
        "agent-runtime", "AgentChain.Inference.OnnxRuntime", "native", "node_modules", "onnxruntime-node",
        "bin", "napi-v6", "linux", "x64", LibraryFileName);

    public static string HowToInstall =>
        $"The ONNX Runtime backend loads {LibraryFileName} from the npm package {NpmPackage}: run scripts/ensure-onnxruntime.sh " +
        $"(needs npm; it installs the pinned version into agent-runtime/AgentChain.Inference.OnnxRuntime/native/node_modules), " +
        $"or set {EnvironmentVariable} to the path of an ONNX Runtime 1.30 {LibraryFileName}.";

    /// <summary>The library path, or an <see cref="OnnxRuntimeUnavailableException"/> that says what to run.</summary>
    public static string Locate() => Locate(Environment.GetEnvironmentVariable(EnvironmentVariable), SearchStarts());

    /// <summary>The search with its inputs made explicit (for tests).</summary>
    public static string Locate(string? environmentValue, IEnumerable<string> searchStarts)
    {
        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            return File.Exists(environmentValue)
                ? Path.GetFullPath(environmentValue)
                : throw new OnnxRuntimeUnavailableException(
                    $"{EnvironmentVariable} is set to '{environmentValue}', which does not exist. {HowToInstall}");
        }

        var looked = new List<string>();
        foreach (string start in searchStarts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, RepositoryRelativePath);
                if (File.Exists(candidate)) return candidate;
                if (File.Exists(Path.Combine(dir.FullName, "AgentChain.sln")))
                {
                    looked.Add(candidate);
                    break;
                }
            }
            string beside = Path.Combine(start, LibraryFileName);
            if (File.Exists(beside)) return beside;
            looked.Add(beside);
        }
        throw new OnnxRuntimeUnavailableException(
            $"ONNX Runtime native library not found (looked at: {string.Join(", ", looked.Distinct())}). {HowToInstall}");
    }

    private static IEnumerable<string> SearchStarts()
    {
        yield return AppContext.BaseDirectory;
        string? assemblyDir = Path.GetDirectoryName(typeof(OrtLibraryLocator).Assembly.Location);
        if (!string.IsNullOrEmpty(assemblyDir) && assemblyDir != AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar))
            yield return assemblyDir;
        yield return Directory.GetCurrentDirectory();
    }
}
