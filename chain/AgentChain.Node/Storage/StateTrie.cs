using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Rlp;
using AgentChain.Core.Trie;
using AgentChain.Core.Types;
using AgentChain.State;

namespace AgentChain.Node.Storage;

/// <summary>
/// The Ethereum state trie kept alive across blocks: a secure account trie plus one storage trie per contract,
/// updated only on the paths of what changed (the caller marks changes; <see cref="ComputeRoot"/> folds them in).
/// The tries cache node encodings, so a block re-hashes its touched paths, not the whole state. New nodes can be
/// collected for the store, so each block's write carries the nodes its root needs.
/// </summary>
public sealed class StateTrie
{
    private readonly PatriciaTrie _accounts = new();
    private readonly Dictionary<Address, PatriciaTrie> _storage = [];
    private readonly HashSet<Address> _dirtyAccounts = [];
    private readonly Dictionary<Address, HashSet<UInt256>> _dirtySlots = [];
    private readonly HashSet<Address> _rebuildStorage = [];
    private readonly HashSet<Address> _storageToCollect = [];

    public void AccountChanged(in Address address) => _dirtyAccounts.Add(address);

    public void SlotChanged(in Address address, in UInt256 slot)
    {
        _dirtyAccounts.Add(address);
        if (!_dirtySlots.TryGetValue(address, out var slots)) _dirtySlots[address] = slots = [];
        slots.Add(slot);
    }

    /// <summary>The account's storage was dropped (deleted or re-created): its trie is rebuilt from what remains.</summary>
    public void StorageCleared(in Address address)
    {
        _dirtyAccounts.Add(address);
        _rebuildStorage.Add(address);
        _dirtySlots.Remove(address);
    }

    /// <summary>
    /// Folds the marked changes in, reading current values from <paramref name="state"/> (flat), and returns the
    /// state root. With <paramref name="newNodes"/>, every trie node not handed out before goes there (for the store).
    /// </summary>
    public Hash256 ComputeRoot(LiveState state, Dictionary<Hash256, byte[]>? newNodes = null)
    {
        Span<byte> key = stackalloc byte[32];
        foreach (Address address in _rebuildStorage)
        {
            var trie = new PatriciaTrie();
            foreach ((UInt256 slot, UInt256 value) in state.StorageOf(address)) SetSlot(trie, slot, value, key);
            _storage[address] = trie;
        }
        foreach ((Address address, HashSet<UInt256> slots) in _dirtySlots)
        {
            if (_rebuildStorage.Contains(address)) continue;
            if (!_storage.TryGetValue(address, out PatriciaTrie? trie)) _storage[address] = trie = new PatriciaTrie();
            foreach (UInt256 slot in slots) SetSlot(trie, slot, state.GetStorage(address, slot), key);
        }
        var writer = new RlpWriter(128);
        foreach (Address address in _dirtyAccounts)
        {
            Hash256 addressKey = Keccak256.Hash(address.Bytes);
            if (state.GetFlatAccount(address) is not { } account)
            {
                _accounts.Delete(addressKey.Bytes);
                _storage.Remove(address);
                _storageToCollect.Remove(address);
                continue;
            }
            Hash256 storageRoot = Hash256.EmptyTrieRoot;
            if (_storage.TryGetValue(address, out PatriciaTrie? storage))
            {
                if (storage.Count == 0) _storage.Remove(address);
                else
                {
                    storageRoot = storage.RootHash;
                    _storageToCollect.Add(address);
                }
            }
            writer.Reset();
            int list = writer.BeginList();
            writer.WriteUInt64(account.Nonce);
            writer.WriteUInt256(account.Balance);
            writer.WriteHash(storageRoot);
            writer.WriteHash(account.CodeHash);
            writer.EndList(list);
            _accounts.Set(addressKey.Bytes, writer.Written);
        }
        _dirtyAccounts.Clear();
        _dirtySlots.Clear();
        _rebuildStorage.Clear();
        if (newNodes is not null)
        {
            foreach (Address address in _storageToCollect)
                if (_storage.TryGetValue(address, out PatriciaTrie? storage)) storage.CollectNewNodes((hash, rlp) => newNodes[hash] = rlp);
            _storageToCollect.Clear();
            _accounts.CollectNewNodes((hash, rlp) => newNodes[hash] = rlp);
        }
        return _accounts.RootHash;
    }

    /// <summary>Every node of the current tries (a data directory written before nodes were stored gets them once).</summary>
    public Dictionary<Hash256, byte[]> CollectAllNewNodes(LiveState state)
    {
        var nodes = new Dictionary<Hash256, byte[]>();
        foreach (Address address in _storage.Keys) _storageToCollect.Add(address);
        ComputeRoot(state, nodes);
        return nodes;
    }

    private static void SetSlot(PatriciaTrie trie, in UInt256 slot, in UInt256 value, Span<byte> key)
    {
        slot.WriteBigEndian(key);
        byte[] hashedKey = Keccak256.Hash(key).Bytes.ToArray();
        if (value.IsZero)
        {
            trie.Delete(hashedKey);
            return;
        }
        // Storage values are RLP byte strings of the minimal big-endian value (Yellow Paper §4.1).
        var rlp = new RlpWriter(34);
        rlp.WriteUInt256(value);
        trie.Set(hashedKey, rlp.Written);
    }
}
