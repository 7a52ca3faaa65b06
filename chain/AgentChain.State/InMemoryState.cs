using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Rlp;
using AgentChain.Core.Trie;
using AgentChain.Core.Types;

namespace AgentChain.State;

/// <summary>
/// A committed state held in memory (test pre-states, tools, a devnet). Computes the Ethereum state root:
/// a secure trie of accounts keyed by keccak(address), each with a storage trie keyed by keccak(slot) holding
/// RLP(minimal big-endian value). Storage roots are cached per account until its storage changes.
/// </summary>
public sealed class InMemoryState : IStateReader, IStateWriter
{
    private sealed class Entry
    {
        public ulong Nonce;
        public UInt256 Balance;
        public Hash256 CodeHash = Hash256.EmptyKeccak;
        public readonly Dictionary<UInt256, UInt256> Storage = [];
        public Hash256? StorageRoot;
    }

    private readonly Dictionary<Address, Entry> _accounts = [];
    private readonly Dictionary<Hash256, byte[]> _code = [];

    public IEnumerable<Address> Addresses => _accounts.Keys;

    public Account? GetAccount(in Address address) =>
        _accounts.TryGetValue(address, out Entry? e) ? new Account(e.Nonce, e.Balance, StorageRootOf(e), e.CodeHash) : null;

    public UInt256 GetStorage(in Address address, in UInt256 slot) =>
        _accounts.TryGetValue(address, out Entry? e) && e.Storage.TryGetValue(slot, out UInt256 v) ? v : UInt256.Zero;

    public byte[] GetCode(in Hash256 codeHash) =>
        codeHash == Hash256.EmptyKeccak ? [] : _code.TryGetValue(codeHash, out byte[]? code) ? code : throw new InvalidOperationException($"code {codeHash} is not in the store");

    public IReadOnlyDictionary<UInt256, UInt256> StorageOf(in Address address) =>
        _accounts.TryGetValue(address, out Entry? e) ? e.Storage : new Dictionary<UInt256, UInt256>();

    public void SetAccount(in Address address, ulong nonce, in UInt256 balance, in Hash256 codeHash, byte[]? code)
    {
        if (!_accounts.TryGetValue(address, out Entry? e)) _accounts[address] = e = new Entry();
        e.Nonce = nonce;
        e.Balance = balance;
        e.CodeHash = codeHash;
        if (code is not null && code.Length > 0) _code[codeHash] = code;
    }

    public void DeleteAccount(in Address address) => _accounts.Remove(address);

    public void ClearStorage(in Address address)
    {
        if (_accounts.TryGetValue(address, out Entry? e)) { e.Storage.Clear(); e.StorageRoot = null; }
    }

    public void SetStorage(in Address address, in UInt256 slot, in UInt256 value)
    {
        if (!_accounts.TryGetValue(address, out Entry? e)) _accounts[address] = e = new Entry();
        if (value.IsZero) e.Storage.Remove(slot); else e.Storage[slot] = value;
        e.StorageRoot = null;
    }

    public Hash256 ComputeStateRoot()
    {
        var trie = new PatriciaTrie();
        var writer = new RlpWriter(128);
        foreach ((Address address, Entry e) in _accounts)
        {
            writer.Reset();
            int list = writer.BeginList();
            writer.WriteUInt64(e.Nonce);
            writer.WriteUInt256(e.Balance);
            writer.WriteHash(StorageRootOf(e));
            writer.WriteHash(e.CodeHash);
            writer.EndList(list);
            trie.Set(Keccak256.Hash(address.Bytes).Bytes, writer.Written);
        }
        return trie.RootHash;
    }

    private static Hash256 StorageRootOf(Entry e)
    {
        if (e.StorageRoot is { } cached) return cached;
        if (e.Storage.Count == 0) return (e.StorageRoot = Hash256.EmptyTrieRoot).Value;
        var trie = new PatriciaTrie();
        Span<byte> key = stackalloc byte[32];
        Span<byte> value = stackalloc byte[33];
        foreach ((UInt256 slot, UInt256 v) in e.Storage)
        {
            slot.WriteBigEndian(key);
            int length = v.WriteMinimalBigEndian(value[1..]);
            // RLP of a byte string: a single byte below 0x80 is itself, otherwise 0x80+length prefix.
            ReadOnlySpan<byte> encoded = length == 1 && value[1] < 0x80 ? value.Slice(1, 1) : PrefixString(value, length);
            trie.Set(Keccak256.Hash(key).Bytes, encoded);
        }
        return (e.StorageRoot = trie.RootHash).Value;
    }

    private static ReadOnlySpan<byte> PrefixString(Span<byte> buffer, int length)
    {
        buffer[0] = (byte)(0x80 + length);
        return buffer[..(length + 1)];
    }
}
