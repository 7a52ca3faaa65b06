using System.Collections.Concurrent;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.State;

namespace AgentChain.Execution.Parallel;

/// <summary>
/// Block-STM's multi-version memory: for every location (balance, nonce, code, storage slot, storage wipe), the
/// writes of each transaction's latest incarnation, tagged (tx index, incarnation). Transaction <c>i</c> reads the
/// highest write below <c>i</c>, summing balance deltas down to the nearest absolute value; an ESTIMATE left by an
/// aborted incarnation blocks the read. Values not written in the block come from the parent state, loaded once.
/// </summary>
internal sealed class MultiVersionMemory
{
    private readonly ConcurrentDictionary<StateKey, VersionList> _data = new();
    private readonly ConcurrentDictionary<Address, Account?> _parentAccounts = new();
    private readonly ConcurrentDictionary<Hash256, byte[]> _newCode = new();
    private readonly IStateReader _parent;
    private readonly object _parentLock = new();
    private readonly StateKey[]?[] _lastWrites;
    private readonly ReadRecord[]?[] _lastReads;

    public MultiVersionMemory(IStateReader parent, int transactions)
    {
        _parent = parent;
        _lastWrites = new StateKey[transactions][];
        _lastReads = new ReadRecord[transactions][];
    }

    public IEnumerable<StateKey> WrittenKeys => _data.Where(p => p.Value.Count > 0).Select(p => p.Key);

    public ReadRecord[] ReadsOf(int txIndex) => _lastReads[txIndex] ?? [];

    public StateKey[] WritesOf(int txIndex) => _lastWrites[txIndex] ?? [];

    // ---- reading ----

    /// <summary>The parent state's account (cached; the parent is read under a lock because stores may cache lazily, e.g. storage roots).</summary>
    public Account? ParentAccount(in Address address)
    {
        if (_parentAccounts.TryGetValue(address, out Account? cached)) return cached;
        Address a = address;
        lock (_parentLock) return _parentAccounts.GetOrAdd(a, _parent.GetAccount(a));
    }

    public byte[] GetCode(in Hash256 codeHash)
    {
        if (_newCode.TryGetValue(codeHash, out byte[]? code)) return code;
        lock (_parentLock) return _parent.GetCode(codeHash);
    }

    public Resolved Resolve(in StateKey key, int txIndex)
    {
        VersionList list = _data.GetOrAdd(key, static _ => new VersionList());
        lock (list)
        {
            UInt256 deltas = UInt256.Zero;
            int lastDeltaWriter = -1;
            for (int i = list.LastBefore(txIndex); i >= 0; i--)
            {
                ref VersionedWrite w = ref list.At(i);
                switch (w.Kind)
                {
                    case WriteKind.Estimate: return Resolved.Block(w.TxIndex);
                    case WriteKind.Delta:
                        deltas += w.Number;
                        if (lastDeltaWriter < 0) lastDeltaWriter = w.TxIndex;
                        continue;
                    default:
                        return new Resolved(false, -1, w.Number + deltas, w.Code, Math.Max(w.TxIndex, lastDeltaWriter));
                }
            }
            if (!list.BaseLoaded)
            {
                list.Base = LoadBase(key);
                list.BaseLoaded = true;
            }
            return new Resolved(false, -1, list.Base.Number + deltas, list.Base.Code, lastDeltaWriter);
        }
    }

    private VersionedWrite LoadBase(in StateKey key)
    {
        Account? account = key.Kind == StateKeyKind.Storage ? null : ParentAccount(key.Address);
        return key.Kind switch
        {
            StateKeyKind.Balance => new VersionedWrite { Number = account?.Balance ?? UInt256.Zero },
            StateKeyKind.Nonce => new VersionedWrite { Number = account?.Nonce ?? 0UL },
            StateKeyKind.Code => new VersionedWrite { Code = account is { } a ? new CodeValue(true, a.CodeHash) : CodeValue.Absent },
            StateKeyKind.StorageWipe => new VersionedWrite { Number = UInt256.Zero },
            _ => new VersionedWrite { Number = _parent.GetStorage(key.Address, key.Slot) },
        };
    }

    /// <summary>A storage slot: its latest write, unless the account's storage was wiped by a later transaction (then zero).</summary>
    public Resolved ResolveSlot(in Address address, in UInt256 slot, int txIndex)
    {
        Resolved wipe = Resolve(StateKey.Wipe(address), txIndex);
        if (wipe.Blocked) return wipe;
        Resolved value = Resolve(StateKey.Storage(address, slot), txIndex);
        if (value.Blocked) return value;
        // A wipe written by a later transaction than the slot's writer hides it (same transaction: the slot came after).
        if (!wipe.Number.IsZero && wipe.WriterTx > value.WriterTx) return new Resolved(false, -1, UInt256.Zero, null, wipe.WriterTx);
        if (!wipe.Number.IsZero && value.WriterTx < 0) return new Resolved(false, -1, UInt256.Zero, null, wipe.WriterTx);
        return value;
    }

    /// <summary>
    /// The account as transaction <paramref name="txIndex"/> sees it. Existence is derived: the code location's flag,
    /// or a non-zero nonce or balance (a lazily credited recipient exists once credited). Storage roots follow
    /// <see cref="BlockOverlay"/>'s rule: the parent's, or empty after a wipe in this block.
    /// </summary>
    public bool TryResolveAccount(in Address address, int txIndex, out Account? account, out int blockingTx, out int writerTx)
    {
        account = null;
        Resolved code = Resolve(StateKey.Code(address), txIndex);
        Resolved nonce = code.Blocked ? code : Resolve(StateKey.Nonce(address), txIndex);
        Resolved balance = nonce.Blocked ? nonce : Resolve(StateKey.Balance(address), txIndex);
        if (balance.Blocked) { blockingTx = balance.BlockingTx; writerTx = -1; return false; }
        writerTx = Math.Max(code.WriterTx, Math.Max(nonce.WriterTx, balance.WriterTx));
        blockingTx = -1;
        bool exists = code.Code!.Exists || !nonce.Number.IsZero || !balance.Number.IsZero;
        if (!exists) return true;
        Hash256 root = ParentAccount(address)?.StorageRoot ?? Hash256.EmptyTrieRoot;
        if (root != Hash256.EmptyTrieRoot)
        {
            Resolved wipe = Resolve(StateKey.Wipe(address), txIndex);
            if (wipe.Blocked) { blockingTx = wipe.BlockingTx; return false; }
            if (!wipe.Number.IsZero) root = Hash256.EmptyTrieRoot;
            writerTx = Math.Max(writerTx, wipe.WriterTx);
        }
        account = new Account(nonce.Number.U0, balance.Number, root, code.Code.CodeHash);
        return true;
    }

    // ---- writing ----

    public void AddCode(in Hash256 codeHash, byte[] code) => _newCode.TryAdd(codeHash, code);

    /// <summary>Installs an incarnation's writes and read set; true when it wrote a location its previous incarnation did not (readers above must be re-validated).</summary>
    public bool Record(int txIndex, int incarnation, List<(StateKey Key, VersionedWrite Write)> writes, ReadRecord[] reads)
    {
        StateKey[]? previous = _lastWrites[txIndex];
        var keys = new StateKey[writes.Count];
        bool wroteNew = false;
        HashSet<StateKey>? previousSet = previous is { Length: > 0 } ? [.. previous] : null;
        for (int i = 0; i < writes.Count; i++)
        {
            (StateKey key, VersionedWrite write) = writes[i];
            write.TxIndex = txIndex;
            write.Incarnation = incarnation;
            VersionList list = _data.GetOrAdd(key, static _ => new VersionList());
            lock (list) list.Put(write);
            keys[i] = key;
            if (previousSet is null || !previousSet.Remove(key)) wroteNew = true;
        }
        if (previousSet is not null)
            foreach (StateKey stale in previousSet)
            {
                VersionList list = _data[stale];
                lock (list) list.Remove(txIndex);
            }
        _lastReads[txIndex] = reads;
        Volatile.Write(ref _lastWrites[txIndex], keys);
        return wroteNew;
    }

    /// <summary>Marks the aborted incarnation's writes as ESTIMATEs: its next incarnation will probably write the same locations.</summary>
    public void ConvertWritesToEstimates(int txIndex)
    {
        foreach (StateKey key in _lastWrites[txIndex] ?? [])
        {
            VersionList list = _data[key];
            lock (list) list.MarkEstimate(txIndex);
        }
    }

    /// <summary>Phase 3's check: every read of the transaction's last incarnation still returns the same value.</summary>
    public bool ValidateReadSet(int txIndex)
    {
        foreach (ReadRecord read in _lastReads[txIndex] ?? [])
        {
            switch (read.Kind)
            {
                case ReadKind.Account:
                    if (!TryResolveAccount(read.Address, txIndex, out Account? account, out _, out _) || account != read.Account) return false;
                    break;
                case ReadKind.CodeOnly:
                    Resolved code = Resolve(StateKey.Code(read.Address), txIndex);
                    if (code.Blocked || code.Code != read.Code) return false;
                    break;
                default:
                    Resolved slot = ResolveSlot(read.Address, read.Slot, txIndex);
                    if (slot.Blocked || slot.Number != read.Value) return false;
                    break;
            }
        }
        return true;
    }
}
