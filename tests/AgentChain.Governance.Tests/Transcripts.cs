using System.Collections.Concurrent;
using System.Text.Json;
using AgentChain.Governance.Harness;

namespace AgentChain.Governance.Tests;

/// <summary>
/// Opt-in: with AGENTCHAIN_TRANSCRIPT_DIR set, a test's chain records its transactions and <see cref="Save"/> writes
/// them there, so the same scenario can be replayed on anvil (governance-dao/AgentChain.Governance/tools/replay-on-anvil.mjs).
/// </summary>
internal static class Transcripts
{
    private static readonly ConcurrentDictionary<DevChain, string> Paths = new();

    public static DevChain NewChain(string name)
    {
        var chain = new DevChain();
        if (Environment.GetEnvironmentVariable("AGENTCHAIN_TRANSCRIPT_DIR") is { Length: > 0 } dir)
        {
            chain.Transcript = [];
            Paths[chain] = Path.Combine(dir, name + ".json");
        }
        return chain;
    }

    /// <summary>Writes the chain's transcript if it records one (call at the end of a test).</summary>
    public static void Save(DevChain chain)
    {
        if (!Paths.TryRemove(chain, out string? path)) return;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
        File.WriteAllText(path, JsonSerializer.Serialize(chain.Transcript, options));
    }
}
