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

    private static string FindRoot() => SharedFolder.Locate("AGENTCHAIN_ETHEREUM_TESTS", "ethereum-tests");
}
