namespace AgentChain.Agents.Devnet;

/// <summary>
/// What <see cref="DevnetAgents"/> runs: the demo agent's spec and key, the feed runners' keys and model, and the
/// challenge resolver's key. Keys are the devnet's well-known dev keys (genesis: signer = account 1, runners =
/// accounts 2–4, resolver = account 8).
/// </summary>
public sealed record DevnetAgentsOptions
{
    public required Uri RpcUrl { get; init; }
    public required string AgentSpecPath { get; init; }
    public required byte[] AgentKey { get; init; }
    public required IReadOnlyList<byte[]> RunnerKeys { get; init; }
    public required byte[] ResolverKey { get; init; }

    /// <summary>The feed's manifest name ("AIFeed": the diabetes_progression feed).</summary>
    public string FeedName { get; init; } = "AIFeed";

    public required string FeedModelPath { get; init; }
    public required string FeedModelSha256 { get; init; }

    /// <summary>The rows the runners report on (a model's expected.json).</summary>
    public required string FeedSamplesPath { get; init; }
}
