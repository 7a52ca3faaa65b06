using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.State;

namespace AgentChain.Node.Tracing;

/// <summary>
/// A block's state while it is re-executed for tracing: the parent state plus what the transactions replayed so far
/// committed. Kept in memory and thrown away; nothing reaches the store.
/// </summary>
/// <remarks>
/// Storage roots are not maintained: an account reports its parent's storage root unless its storage was wiped in
/// the replay (then the empty root). The EVM only asks whether that root is empty (EIP-7610 creation collisions).
/// </remarks>
public sealed class ReplayState(IStateReader parent) : IStateReader, IStateWriter
{
    private readonly Dictionary<Address, Account?> _accounts = [];
    private readonly HashSet<Address> _wiped = [];
    private readonly Dictionary<(Address, UInt256), UInt256> _storage = [];
    private readonly Dictionary<Hash256, byte[]> _code = [];

    public Account? GetAccount(in Address address)
    {
        if (!_accounts.TryGetValue(address, out Account? account)) return parent.GetAccount(address);
        if (account is not { } a) return null;
        Hash256 storageRoot = _wiped.Contains(address) ? Hash256.EmptyTrieRoot : parent.GetAccount(address)?.StorageRoot ?? Hash256.EmptyTrieRoot;
        return a with { StorageRoot = storageRoot };
    }

    public UInt256 GetStorage(in Address address, in UInt256 slot)
    {
        if (_storage.TryGetValue((address, slot), out UInt256 value)) return value;
        return _wiped.Contains(address) ? UInt256.Zero : parent.GetStorage(address, slot);
    }

    public byte[] GetCode(in Hash256 codeHash) => _code.TryGetValue(codeHash, out byte[]? code) ? code : parent.GetCode(codeHash);

    public void SetAccount(in Address address, ulong nonce, in UInt256 balance, in Hash256 codeHash, byte[]? code)
    {
        _accounts[address] = new Account(nonce, balance, Hash256.EmptyTrieRoot, codeHash);
        if (code is { Length: > 0 }) _code[codeHash] = code;
    }

    public void DeleteAccount(in Address address)
    {
        _accounts[address] = null;
        ClearStorage(address);
    }

    public void ClearStorage(in Address address)
    {
        _wiped.Add(address);
        Address wiped = address;
        foreach (var key in _storage.Keys.Where(k => k.Item1 == wiped).ToList()) _storage.Remove(key);
    }

    public void SetStorage(in Address address, in UInt256 slot, in UInt256 value) => _storage[(address, slot)] = value;
}
