namespace AgentChain.Core.Tests.Conformance;

/// <summary>
/// Finds a folder of ../shared (the official suites and samples that sit beside the repository and are read in
/// place, never copied in): from an environment variable when set, otherwise the first shared/&lt;name&gt; found
/// walking up from the test binary. Linked into every test project that reads shared data.
/// </summary>
public static class SharedFolder
{
    public static string Locate(string environmentVariable, params string[] relativePath)
    {
        string display = string.Join('/', ["shared", .. relativePath]);
        string? configured = Environment.GetEnvironmentVariable(environmentVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            if (!Directory.Exists(configured))
                throw new DirectoryNotFoundException($"{environmentVariable} points to {configured}, which does not exist");
            return configured;
        }
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine([dir.FullName, "shared", .. relativePath]);
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException(
            $"{display} not found: expected ../{display} beside the repository, or set {environmentVariable}");
    }
}
