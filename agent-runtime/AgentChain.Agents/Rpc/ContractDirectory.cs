using System.Text.Json;
using AgentChain.Core.Abi;
using AgentChain.Core.Types;

namespace AgentChain.Agents.Rpc;

/// <summary>
/// The node's deployment manifest: contracts by name (<c>GET /api/contracts</c> → <c>{ "Name": { "address", "abi" } }</c>),
/// so agents never hard-code addresses. A missing name is an error that lists the names there are.
/// </summary>
public sealed class ContractDirectory
{
    private readonly Dictionary<string, DeployedContract> _contracts;

    public ContractDirectory(IEnumerable<DeployedContract> contracts)
    {
        _contracts = new Dictionary<string, DeployedContract>(StringComparer.Ordinal);
        foreach (DeployedContract c in contracts)
            if (!_contracts.TryAdd(c.Name, c)) throw new ArgumentException($"contract name '{c.Name}' appears twice in the manifest");
    }

    public IEnumerable<string> Names => _contracts.Keys.Order(StringComparer.Ordinal);

    public DeployedContract this[string name] => _contracts.TryGetValue(name, out DeployedContract? c)
        ? c
        : throw new KeyNotFoundException($"the node's contract manifest has no contract named '{name}' (it has: {string.Join(", ", Names)})");

    public bool TryGet(string name, out DeployedContract contract) => _contracts.TryGetValue(name, out contract!);

    /// <summary>The contract at <paramref name="address"/>, if the manifest has one.</summary>
    public DeployedContract? FindByAddress(Address address) => _contracts.Values.FirstOrDefault(c => c.Address == address);

    public static ContractDirectory Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new FormatException("the contract manifest must be a JSON object of { name: { address, abi } }");
            var list = new List<DeployedContract>();
            foreach (JsonProperty p in document.RootElement.EnumerateObject())
            {
                JsonElement entry = p.Value;
                if (!entry.TryGetProperty("address", out JsonElement a) || a.ValueKind != JsonValueKind.String || !Address.TryParse(a.GetString(), out Address address))
                    throw new FormatException($"manifest entry '{p.Name}' has no valid 'address'");
                if (!entry.TryGetProperty("abi", out JsonElement abi) || abi.ValueKind != JsonValueKind.Array)
                    throw new FormatException($"manifest entry '{p.Name}' has no 'abi' array");
                list.Add(new DeployedContract(p.Name, address, ContractAbi.Parse(abi)));
            }
            return new ContractDirectory(list);
        }
        catch (JsonException e)
        {
            throw new FormatException($"the contract manifest is not valid JSON: {e.Message}", e);
        }
    }
}
