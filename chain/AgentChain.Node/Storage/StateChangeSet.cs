using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.State;

namespace AgentChain.Node.Storage;

/// <summary>
/// The net effect of a block (or of a dev method) on the flat state: the final value of every touched
/// account and slot. An <see cref="IStateWriter"/>, so execution can write into it directly.
/// </summary>
public sealed class StateChangeSet : IStateWriter
{
    /// <summary>Final account values; null means deleted (with all its storage).</summary>
    public Dictionary<Address, Account?> Accounts { get; } = [];
    public Dictionary<(Address Address, UInt256 Slot), UInt256> Storage { get; } = [];
    /// <summary>Accounts whose storage was dropped before the slots in <see cref="Storage"/> were written.</summary>
    public HashSet<Address> ClearedStorage { get; } = [];
    public Dictionary<Hash256, byte[]> Code { get; } = [];

    /// <summary>State-trie nodes the new root needs that the store may not hold yet, by hash (written with the change set).</summary>
    public Dictionary<Hash256, byte[]> TrieNodes { get; } = [];

    public bool IsEmpty => Accounts.Count == 0 && Storage.Count == 0 && ClearedStorage.Count == 0;

    public void SetAccount(in Address address, ulong nonce, in UInt256 balance, in Hash256 codeHash, byte[]? code)
    {
        Accounts[address] = new Account(nonce, balance, Hash256.EmptyTrieRoot, codeHash);
        if (code is { Length: > 0 }) Code[codeHash] = code;
    }

    public void DeleteAccount(in Address address)
    {
        Accounts[address] = null;
        ClearStorageEntries(address);
        ClearedStorage.Add(address);
    }

    public void ClearStorage(in Address address)
    {
        ClearStorageEntries(address);
        ClearedStorage.Add(address);
    }

    public void SetStorage(in Address address, in UInt256 slot, in UInt256 value) => Storage[(address, slot)] = value;

    private void ClearStorageEntries(Address address)
    {
        List<(Address, UInt256)>? remove = null;
        foreach ((Address a, UInt256 s) in Storage.Keys) if (a == address) (remove ??= []).Add((a, s));
        if (remove is not null) foreach (var key in remove) Storage.Remove(key);
    }
}
