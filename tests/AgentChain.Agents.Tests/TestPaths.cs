namespace AgentChain.Agents.Tests;

/// <summary>Locations in the repository the tests read (the demo spec, the shipped models).</summary>
public static class TestPaths
{
    public static string RepositoryRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "AgentChain.sln"))) return d.FullName;
        throw new InvalidOperationException($"no AgentChain.sln above {AppContext.BaseDirectory}");
    }

    public static string DemoSpec => Path.Combine(RepositoryRoot(), "agent-runtime", "AgentChain.Agents", "demo", "breast-cancer-risk.agent.json");

    public static string DevTeeSpec => Path.Combine(RepositoryRoot(), "agent-runtime", "AgentChain.Agents", "demo", "breast-cancer-risk.insecure-dev-tee.agent.json");

    public static string Model(string name) => Path.Combine(RepositoryRoot(), "models", name, "model.onnx");

    public static string Expected(string name) => Path.Combine(RepositoryRoot(), "models", name, "expected.json");

    public static string TempDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "agentchain-agents-tests-" + Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
