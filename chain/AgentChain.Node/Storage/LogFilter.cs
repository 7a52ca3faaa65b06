using AgentChain.Core.Types;

namespace AgentChain.Node.Storage;

/// <summary>
/// An eth_getLogs filter: a block range, any of some addresses (empty = all), and per topic position a set of
/// alternatives (null or empty = any).
/// </summary>
public sealed record LogFilter(ulong FromBlock, ulong ToBlock, IReadOnlyList<Address> Addresses, IReadOnlyList<IReadOnlyList<Hash256>?> Topics, Hash256? BlockHash = null)
{
    public bool Matches(AgentChain.State.LogEntry log)
    {
        if (Addresses.Count > 0 && !Addresses.Contains(log.Address)) return false;
        for (int i = 0; i < Topics.Count; i++)
        {
            IReadOnlyList<Hash256>? alternatives = Topics[i];
            if (alternatives is null || alternatives.Count == 0) continue;
            if (i >= log.Topics.Length || !alternatives.Contains(log.Topics[i])) return false;
        }
        return true;
    }
}
