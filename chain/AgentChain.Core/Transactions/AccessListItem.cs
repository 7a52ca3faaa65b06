using AgentChain.Core.Types;

namespace AgentChain.Core.Transactions;

/// <summary>One EIP-2930 access-list entry: an address and the storage keys of it that the transaction pre-declares.</summary>
public sealed class AccessListItem(Address address, IReadOnlyList<Hash256> storageKeys)
{
    public Address Address { get; } = address;
    public IReadOnlyList<Hash256> StorageKeys { get; } = storageKeys;
}
