namespace AgentChain.Node;

/// <summary>Where the node keeps its data and listens.</summary>
public sealed record NodeOptions
{
    public ChainOptions Chain { get; init; } = new();
    public string Host { get; init; } = "127.0.0.1";
    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; init; } = 8545;
    public string DataDirectory { get; init; } = DefaultDataDirectory;
    /// <summary>Delete the data directory's chain first.</summary>
    public bool Fresh { get; init; }
    /// <summary>Seal blocks on a timer; off for tests that mine explicitly with evm_mine.</summary>
    public bool AutoMine { get; init; } = true;
    public long MaxRequestBodyBytes { get; init; } = 5 * 1024 * 1024;
    /// <summary>The deployment manifest served as-is at GET /api/contracts (JSON); null: the route answers 404.</summary>
    public string? ContractManifestJson { get; init; }

    public static string DefaultDataDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".agentchain", "devnet");
}
