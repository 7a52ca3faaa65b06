using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Node;

/// <summary>
/// One account of a genesis allocation: balance, nonce, code and storage, as a geth genesis file's "alloc" entry.
/// The node treats the allocation as opaque data; what built it (e.g. the contracts' predeploys) is the caller's.
/// </summary>
public sealed record GenesisAccount(Address Address, UInt256 Balance, ulong Nonce, byte[] Code, IReadOnlyDictionary<UInt256, UInt256> Storage)
{
    /// <summary>A plain funded account.</summary>
    public static GenesisAccount Funded(Address address, UInt256 balance) => new(address, balance, 0, [], new Dictionary<UInt256, UInt256>());
}
