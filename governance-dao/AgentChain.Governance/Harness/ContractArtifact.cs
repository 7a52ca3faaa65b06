using System.Collections.Concurrent;
using System.Text.Json;
using AgentChain.Core.Abi;
using AgentChain.Core.Encoding;

namespace AgentChain.Governance.Harness;

/// <summary>
/// One compiled contract from <c>governance-dao/artifacts</c> or <c>oracle/artifacts</c> (embedded in this assembly):
/// its ABI and creation bytecode.
/// </summary>
public sealed class ContractArtifact
{
    private static readonly ConcurrentDictionary<string, ContractArtifact> Cache = new(StringComparer.Ordinal);

    private ContractArtifact(string name, ContractAbi abi, string abiJson, byte[] bytecode, byte[] deployedBytecode)
    {
        AbiJson = abiJson;
        Name = name;
        Abi = abi;
        Bytecode = bytecode;
        DeployedBytecode = deployedBytecode;
    }

    public string Name { get; }
    public ContractAbi Abi { get; }

    /// <summary>The artifact's "abi" array as JSON text, exactly as committed (what dApps and ethers expect).</summary>
    public string AbiJson { get; }

    /// <summary>Creation code (without constructor arguments).</summary>
    public byte[] Bytecode { get; }

    public byte[] DeployedBytecode { get; }

    /// <summary>Every artifact name embedded in this assembly.</summary>
    public static IReadOnlyList<string> Names { get; } = typeof(ContractArtifact).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("artifacts/", StringComparison.Ordinal))
        .Select(n => Path.GetFileNameWithoutExtension(n))
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>The artifact called <paramref name="name"/> (e.g. "ControllableAgent", "AIFeed").</summary>
    public static ContractArtifact Load(string name) => Cache.GetOrAdd(name, Read);

    private static ContractArtifact Read(string name)
    {
        using Stream stream = typeof(ContractArtifact).Assembly.GetManifestResourceStream($"artifacts/{name}.json")
            ?? throw new ArgumentException($"no contract artifact named '{name}'; known: {string.Join(", ", Names)}", nameof(name));
        using var document = JsonDocument.Parse(stream);
        JsonElement root = document.RootElement;
        return new ContractArtifact(
            name,
            ContractAbi.Parse(root),
            root.GetProperty("abi").GetRawText(),
            Hex.Decode(root.GetProperty("bytecode").GetString() ?? ""),
            Hex.Decode(root.GetProperty("deployedBytecode").GetString() ?? ""));
    }
}
