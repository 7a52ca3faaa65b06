using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.State;

namespace AgentChain.Execution;

/// <summary>
/// The sequential executor's block state: the parent state plus the committed effects of the transactions run so
/// far. Each transaction's <see cref="WorldState"/> reads through it and commits into it; at the end it is the
/// block's <see cref="StateDiff"/>.
/// </summary>
/// <remarks>
/// Storage roots: the overlay does not maintain tries, so <see cref="GetAccount"/> reports the parent's storage
/// root for an account whose storage was not wiped in this block and the empty root for one that was. The EVM only
/// asks whether the root is empty (EIP-7610 creation collisions), and the parallel executor follows the same rule.
/// </remarks>
internal sealed class BlockOverlay : IStateReader, IStateWriter
{
    private sealed class Entry
    {
        public bool Exists;
        public ulong Nonce;
        public UInt256 Balance;
        public Hash256 CodeHash = Hash256.EmptyKeccak;
        public byte[]? NewCode;
        public bool Wiped;
        public readonly Dictionary<UInt256, UInt256> Storage = [];
    }

    private readonly IStateReader _parent;
    private readonly Dictionary<Address, Entry> _entries = [];
    private readonly Dictionary<Hash256, byte[]> _code = [];

    public BlockOverlay(IStateReader parent) => _parent = parent;

    public Account? GetAccount(in Address address)
    {
        if (!_entries.TryGetValue(address, out Entry? e)) return _parent.GetAccount(address);
        if (!e.Exists) return null;
        Hash256 storageRoot = e.Wiped ? Hash256.EmptyTrieRoot : _parent.GetAccount(address)?.StorageRoot ?? Hash256.EmptyTrieRoot;
        return new Account(e.Nonce, e.Balance, storageRoot, e.CodeHash);
    }

    public UInt256 GetStorage(in Address address, in UInt256 slot)
    {
        if (!_entries.TryGetValue(address, out Entry? e)) return _parent.GetStorage(address, slot);
        if (e.Storage.TryGetValue(slot, out UInt256 value)) return value;
        return e.Wiped ? UInt256.Zero : _parent.GetStorage(address, slot);
    }

    public byte[] GetCode(in Hash256 codeHash) => _code.TryGetValue(codeHash, out byte[]? code) ? code : _parent.GetCode(codeHash);

    public void SetAccount(in Address address, ulong nonce, in UInt256 balance, in Hash256 codeHash, byte[]? code)
    {
        Entry e = EntryOf(address);
        e.Exists = true;
        e.Nonce = nonce;
        e.Balance = balance;
        e.CodeHash = codeHash;
        if (code is not null)
        {
            e.NewCode = code;
            if (code.Length > 0) _code[codeHash] = code;
        }
    }

    public void DeleteAccount(in Address address)
    {
        Entry e = EntryOf(address);
        e.Exists = false;
        e.Nonce = 0;
        e.Balance = UInt256.Zero;
        e.CodeHash = Hash256.EmptyKeccak;
        e.NewCode = null;
        e.Wiped = true;
        e.Storage.Clear();
    }

    public void ClearStorage(in Address address)
    {
        Entry e = EntryOf(address);
        e.Wiped = true;
        e.Storage.Clear();
    }

    public void SetStorage(in Address address, in UInt256 slot, in UInt256 value) => EntryOf(address).Storage[slot] = value;

    public StateDiff ToDiff() => new(_entries.Select(pair => new AccountChange(
        pair.Key,
        pair.Value.Wiped,
        pair.Value.Exists ? new Account(pair.Value.Nonce, pair.Value.Balance, Hash256.EmptyTrieRoot, pair.Value.CodeHash) : null,
        pair.Value.NewCode,
        pair.Value.Storage)));

    private Entry EntryOf(in Address address)
    {
        if (_entries.TryGetValue(address, out Entry? e)) return e;
        return _entries[address] = new Entry();
    }
}
