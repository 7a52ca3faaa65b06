using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.State;

namespace AgentChain.Node.Storage;

/// <summary>
/// The head state in memory (loaded from the store at start-up, kept in step with it) with the Ethereum state
/// root. Writes go through <see cref="Writer"/>, which also records the change set to persist and, while an
/// evm_snapshot is open, the previous values needed to undo it. Not thread-safe: the chain lock guards it.
/// Reads are flat (dictionaries); every write also marks its path in the <see cref="StateTrie"/>, so the root is
/// recomputed incrementally.
/// </summary>
public sealed class LiveState : IStateReader
{
    private readonly InMemoryState _state = new();
    private readonly StateTrie _trie = new();

    /// <summary>
    /// The account with a stand-in storage root: execution only asks whether an account has storage (EIP-7610), and
    /// computing the real root here would rebuild a contract's storage trie on every read after a write (and write
    /// InMemoryState's cache from parallel readers). The real roots are computed once per block, in
    /// <see cref="ComputeStateRoot"/>.
    /// </summary>
    public Account? GetAccount(in Address address)
    {
        if (!_accounts.TryGetValue(address, out var a)) return null;
        return new Account(a.Nonce, a.Balance, _state.StorageOf(address).Count > 0 ? HasStorageMarker : Hash256.EmptyTrieRoot, a.CodeHash);
    }

    // Mirrors InMemoryState's accounts without the storage root (see GetAccount); every write goes to both.
    private readonly Dictionary<Address, (ulong Nonce, UInt256 Balance, Hash256 CodeHash)> _accounts = [];

    private void Put(Address address, ulong nonce, UInt256 balance, Hash256 codeHash, byte[]? code)
    {
        _state.SetAccount(address, nonce, balance, codeHash, code);
        _accounts[address] = (nonce, balance, codeHash);
        _trie.AccountChanged(address);
    }

    private void Remove(Address address)
    {
        _state.DeleteAccount(address);
        _accounts.Remove(address);
        _trie.StorageCleared(address);
    }

    private void PutStorage(Address address, UInt256 slot, UInt256 value)
    {
        _state.SetStorage(address, slot, value);
        _trie.SlotChanged(address, slot);
    }

    private void DropStorage(Address address)
    {
        _state.ClearStorage(address);
        _trie.StorageCleared(address);
    }

    /// <summary>Nonce, balance and code hash as stored flat (no storage root), or null when absent.</summary>
    public (ulong Nonce, UInt256 Balance, Hash256 CodeHash)? GetFlatAccount(in Address address) =>
        _accounts.TryGetValue(address, out var a) ? a : null;

    public IReadOnlyDictionary<UInt256, UInt256> StorageOf(in Address address) => _state.StorageOf(address);

    private static readonly Hash256 HasStorageMarker = Core.Crypto.Keccak256.Hash("agentchain: account has storage"u8);
    public UInt256 GetStorage(in Address address, in UInt256 slot) => _state.GetStorage(address, slot);
    public byte[] GetCode(in Hash256 codeHash) => _state.GetCode(codeHash);

    /// <summary>
    /// The Ethereum state root, folding in only what changed since the last call. With <paramref name="persistInto"/>,
    /// the trie nodes the store does not have yet are added to that change set, to be written in the same transaction.
    /// </summary>
    public Hash256 ComputeStateRoot(StateChangeSet? persistInto = null) => _trie.ComputeRoot(this, persistInto?.TrieNodes);

    /// <summary>Every node of the state trie, for a store that has none yet (a data directory from before nodes were stored).</summary>
    public Dictionary<Hash256, byte[]> AllTrieNodes()
    {
        foreach (Address address in _accounts.Keys) _trie.AccountChanged(address);
        return _trie.CollectAllNewNodes(this);
    }

    /// <summary>A writer that applies to this state, records into <paramref name="changes"/> and the previous values into each of <paramref name="undos"/> (first write of a key wins).</summary>
    public IStateWriter Writer(StateChangeSet changes, params StateChangeSet?[] undos) =>
        new RecordingWriter(this, changes, [.. undos.Where(u => u is not null).Select(u => u!)]);

    /// <summary>Puts back values recorded by an undo set.</summary>
    public void Restore(StateChangeSet undo)
    {
        foreach ((Address address, Account? account) in undo.Accounts)
        {
            if (account is { } a) Put(address, a.Nonce, a.Balance, a.CodeHash, null);
            else Remove(address);
        }
        foreach (((Address address, UInt256 slot), UInt256 value) in undo.Storage)
            if (_accounts.ContainsKey(address)) PutStorage(address, slot, value);
    }

    private sealed class RecordingWriter(LiveState owner, StateChangeSet changes, StateChangeSet[] undos) : IStateWriter
    {
        private void RememberAccount(Address address)
        {
            foreach (StateChangeSet undo in undos)
                if (!undo.Accounts.ContainsKey(address)) undo.Accounts[address] = owner.GetAccount(address);
        }

        private void RememberAllStorage(Address address)
        {
            foreach (StateChangeSet undo in undos)
                foreach ((UInt256 slot, UInt256 value) in owner._state.StorageOf(address))
                    undo.Storage.TryAdd((address, slot), value);
        }

        public void SetAccount(in Address address, ulong nonce, in UInt256 balance, in Hash256 codeHash, byte[]? code)
        {
            RememberAccount(address);
            owner.Put(address, nonce, balance, codeHash, code);
            changes.SetAccount(address, nonce, balance, codeHash, code);
        }

        public void DeleteAccount(in Address address)
        {
            RememberAccount(address);
            RememberAllStorage(address);
            owner.Remove(address);
            changes.DeleteAccount(address);
        }

        public void ClearStorage(in Address address)
        {
            RememberAllStorage(address);
            owner.DropStorage(address);
            changes.ClearStorage(address);
        }

        public void SetStorage(in Address address, in UInt256 slot, in UInt256 value)
        {
            if (undos.Length > 0)
            {
                UInt256 previous = owner._state.GetStorage(address, slot);
                foreach (StateChangeSet undo in undos) undo.Storage.TryAdd((address, slot), previous);
            }
            owner.PutStorage(address, slot, value);
            changes.SetStorage(address, slot, value);
        }
    }
}
