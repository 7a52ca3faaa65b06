namespace AgentChain.Core.Tests.Conformance;

/// <summary>
/// Locates the official ethereum/tests checkout that sits beside the repository (../shared/ethereum-tests),
/// or wherever AGENTCHAIN_ETHEREUM_TESTS points. The suites are read in place, never copied into the repo.
/// </summary>
public static class EthereumTests
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("AGENTCHAIN_ETHEREUM_TESTS");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            if (!Directory.Exists(fromEnvironment))
                throw new DirectoryNotFoundException($"AGENTCHAIN_ETHEREUM_TESTS points to {fromEnvironment}, which does not exist");
            return fromEnvironment;
        }
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "ethereum-tests");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException(
            "ethereum/tests not found: expected ../shared/ethereum-tests beside the repository, or set AGENTCHAIN_ETHEREUM_TESTS");
    }
}
