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
/// The beneficiary's fee credits are kept per transaction outside the version lists (<see cref="_fees"/>): every
/// transaction writes one, and a shared list would put a lock all workers take on the hot path; readers of the
/// beneficiary's balance are rare and sum them.
/// </summary>
internal sealed class MultiVersionMemory
{
    private readonly ConcurrentDictionary<StateKey, VersionList> _data;
    private readonly ConcurrentDictionary<Address, Account?> _parentAccounts;
    private readonly ConcurrentDictionary<Hash256, byte[]> _newCode = new();
    private readonly IStateReader _parent;
    // Parent reads are serialised per stripe (stores may cache lazily, e.g. InMemoryState's storage roots), not globally.
    private readonly object[] _stripes = Enumerable.Range(0, 64).Select(_ => new object()).ToArray();
    private readonly Address _feeRecipient;
    private readonly UInt256[] _fees;
    private readonly byte[] _feeState; // FeeNone, FeeRecorded, FeeEstimate
    private const byte FeeNone = 0, FeeRecorded = 1, FeeEstimate = 2;
    private int _anyFee;
    private bool _frozen;
    private readonly StateKey[]?[] _lastWrites;
    private readonly ReadRecord[]?[] _lastReads;

    public MultiVersionMemory(IStateReader parent, int transactions, Address feeRecipient)
    {
        _parent = parent;
        // Sized for a few locations per transaction up front: a resize takes every lock and stalls all workers.
        _data = new ConcurrentDictionary<StateKey, VersionList>(Environment.ProcessorCount * 4, Math.Max(64, transactions * 4));
        _parentAccounts = new ConcurrentDictionary<Address, Account?>(Environment.ProcessorCount * 4, Math.Max(64, transactions * 2));
        _feeRecipient = feeRecipient;
        _fees = new UInt256[transactions];
        _feeState = new byte[transactions];
        _lastWrites = new StateKey[transactions][];
        _lastReads = new ReadRecord[transactions][];
    }

    public IEnumerable<StateKey> WrittenKeys
    {
        get
        {
            StateKey fees = StateKey.Balance(_feeRecipient);
            bool feesListed = false;
            foreach (KeyValuePair<StateKey, VersionList> pair in _data)
            {
                if (pair.Value.Count == 0) continue;
                feesListed |= pair.Key.Equals(fees);
                yield return pair.Key;
            }
            if (!feesListed && Volatile.Read(ref _anyFee) != 0) yield return fees;
        }
    }

    /// <summary>True when some transaction of the block wrote the account's code location.</summary>
    public bool WritesCode(in Address address) => _data.TryGetValue(StateKey.Code(address), out VersionList? list) && list.Count > 0;

    public ReadRecord[] ReadsOf(int txIndex) => _lastReads[txIndex] ?? [];

    public StateKey[] WritesOf(int txIndex) => _lastWrites[txIndex] ?? [];

    // ---- reading ----

    /// <summary>The parent state's account (cached; the parent is read under a lock because stores may cache lazily, e.g. storage roots).</summary>
    public Account? ParentAccount(in Address address)
    {
        if (_parentAccounts.TryGetValue(address, out Account? cached)) return cached;
        Address a = address;
        lock (_stripes[a.GetHashCode() & 63]) return _parentAccounts.GetOrAdd(a, _parent.GetAccount(a));
    }

    /// <summary>Loads parent accounts before the workers start (senders, recipients), so that their reads take no lock.</summary>
    public void Prefetch(IEnumerable<Address> addresses)
    {
        foreach (Address address in addresses)
            if (!_parentAccounts.ContainsKey(address)) _parentAccounts[address] = _parent.GetAccount(address);
    }

    public byte[] GetCode(in Hash256 codeHash)
    {
        if (codeHash == Hash256.EmptyKeccak) return [];
        if (_newCode.TryGetValue(codeHash, out byte[]? code)) return code;
        lock (_stripes[codeHash.GetHashCode() & 63]) return _parent.GetCode(codeHash);
    }

    public Resolved Resolve(in StateKey key, int txIndex)
    {
        Resolved value = ResolveVersions(key, txIndex, out int absoluteWriter);
        if (value.Blocked || key.Kind != StateKeyKind.Balance || !key.Address.Equals(_feeRecipient) || Volatile.Read(ref _anyFee) == 0) return value;
        // Fee credits of the transactions between the last absolute write and the reader.
        UInt256 fees = UInt256.Zero;
        int writer = value.WriterTx;
        for (int j = txIndex - 1; j > absoluteWriter; j--)
        {
            if (_frozen)
            {
                if (_feeState[j] != FeeRecorded) continue;
                fees += _fees[j];
                writer = Math.Max(writer, j);
                continue;
            }
            lock (_stripes[j & 63])
            {
                if (_feeState[j] == FeeEstimate) return Resolved.Block(j);
                if (_feeState[j] != FeeRecorded) continue;
                fees += _fees[j];
                writer = Math.Max(writer, j);
            }
        }
        return value with { Number = value.Number + fees, WriterTx = writer };
    }

    private Resolved ResolveVersions(in StateKey key, int txIndex, out int absoluteWriter)
    {
        absoluteWriter = -1;
        // A location nobody wrote yet reads the parent's value without creating an entry: most reads are of such
        // locations, and a writer that adds one concurrently is caught by validation like any other late write.
        if (!_data.TryGetValue(key, out VersionList? list)) return new Resolved(false, -1, BaseOf(key), CodeBaseOf(key), -1);
        while (true)
        {
            int sequence = list.BeginRead();
            Resolved result = Scan(list, txIndex, out absoluteWriter);
            if (_frozen || list.ReadIsConsistent(sequence)) return result;
        }
    }

    private static Resolved Scan(VersionList list, int txIndex, out int absoluteWriter)
    {
        absoluteWriter = -1;
        UInt256 deltas = UInt256.Zero;
        int lastDeltaWriter = -1;
        ReadOnlySpan<VersionedWrite> writes = list.Snapshot();
        for (int i = VersionList.LastBefore(writes, txIndex); i >= 0; i--)
        {
            VersionedWrite w = writes[i];
            switch (w.Kind)
            {
                case WriteKind.Estimate: return Resolved.Block(w.TxIndex);
                case WriteKind.Delta:
                    deltas += w.Number;
                    if (lastDeltaWriter < 0) lastDeltaWriter = w.TxIndex;
                    continue;
                default:
                    absoluteWriter = w.TxIndex;
                    return new Resolved(false, -1, w.Number + deltas, w.Code, Math.Max(w.TxIndex, lastDeltaWriter));
            }
        }
        return new Resolved(false, -1, list.Base.Number + deltas, list.Base.Code, lastDeltaWriter);
    }

    /// <summary>
    /// After the workers have finished nothing writes any more: reads skip the per-location locks (building the diff
    /// reads every written location once, on all workers).
    /// </summary>
    public void Freeze() => Volatile.Write(ref _frozen, true);

    private UInt256 BaseOf(in StateKey key) => key.Kind switch
    {
        StateKeyKind.Balance => ParentAccount(key.Address)?.Balance ?? UInt256.Zero,
        StateKeyKind.Nonce => ParentAccount(key.Address)?.Nonce ?? 0UL,
        StateKeyKind.Storage => _parent.GetStorage(key.Address, key.Slot),
        _ => UInt256.Zero,
    };

    private CodeValue? CodeBaseOf(in StateKey key) =>
        key.Kind != StateKeyKind.Code ? null : ParentAccount(key.Address) is { } a ? (a.CodeHash == Hash256.EmptyKeccak ? CodeValue.ExistingWithoutCode : new CodeValue(true, a.CodeHash)) : CodeValue.Absent;

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
        Account? parent = ParentAccount(address);
        Resolved code = ResolveField(StateKey.Code(address), txIndex, parent);
        Resolved nonce = code.Blocked ? code : ResolveField(StateKey.Nonce(address), txIndex, parent);
        Resolved balance = nonce.Blocked ? nonce : ResolveField(StateKey.Balance(address), txIndex, parent);
        if (balance.Blocked) { blockingTx = balance.BlockingTx; writerTx = -1; return false; }
        writerTx = Math.Max(code.WriterTx, Math.Max(nonce.WriterTx, balance.WriterTx));
        blockingTx = -1;
        bool exists = code.Code!.Exists || !nonce.Number.IsZero || !balance.Number.IsZero;
        if (!exists) return true;
        Hash256 root = parent?.StorageRoot ?? Hash256.EmptyTrieRoot;
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

    /// <summary>An account field; the parent account is passed in so that an unwritten field costs one lookup.</summary>
    private Resolved ResolveField(in StateKey key, int txIndex, Account? parent)
    {
        if (_data.ContainsKey(key) || (key.Kind == StateKeyKind.Balance && key.Address.Equals(_feeRecipient))) return Resolve(key, txIndex);
        return key.Kind switch
        {
            StateKeyKind.Code => new Resolved(false, -1, default, parent is { } a ? (a.CodeHash == Hash256.EmptyKeccak ? CodeValue.ExistingWithoutCode : new CodeValue(true, a.CodeHash)) : CodeValue.Absent, -1),
            StateKeyKind.Nonce => new Resolved(false, -1, parent?.Nonce ?? 0UL, null, -1),
            _ => new Resolved(false, -1, parent?.Balance ?? UInt256.Zero, null, -1),
        };
    }

    // ---- writing ----

    public void AddCode(in Hash256 codeHash, byte[] code) => _newCode.TryAdd(codeHash, code);

    /// <summary>Installs an incarnation's writes and read set; true when it wrote a location its previous incarnation did not (readers above must be re-validated).</summary>
    public bool Record(int txIndex, int incarnation, List<(StateKey Key, VersionedWrite Write)> writes, UInt256 fee, ReadRecord[] reads)
    {
        bool newFee;
        lock (_stripes[txIndex & 63])
        {
            newFee = !fee.IsZero && _feeState[txIndex] == FeeNone;
            _fees[txIndex] = fee;
            _feeState[txIndex] = fee.IsZero ? FeeNone : FeeRecorded;
        }
        if (!fee.IsZero && Volatile.Read(ref _anyFee) == 0) Interlocked.Exchange(ref _anyFee, 1);
        StateKey[]? previous = _lastWrites[txIndex];
        var keys = new StateKey[writes.Count];
        bool wroteNew = newFee;
        HashSet<StateKey>? previousSet = previous is { Length: > 0 } ? [.. previous] : null;
        for (int i = 0; i < writes.Count; i++)
        {
            (StateKey key, VersionedWrite write) = writes[i];
            write.TxIndex = txIndex;
            write.Incarnation = incarnation;
            VersionList list = _data.GetOrAdd(key, static (k, memory) => new VersionList { Base = memory.LoadBase(k), BaseLoaded = true }, this);
            lock (list)
            {
                list.BeginWrite();
                list.Put(write);
                list.EndWrite();
            }
            keys[i] = key;
            if (previousSet is null || !previousSet.Remove(key)) wroteNew = true;
        }
        if (previousSet is not null)
            foreach (StateKey stale in previousSet)
            {
                VersionList list = _data[stale];
                lock (list)
                {
                    list.BeginWrite();
                    list.Remove(txIndex);
                    list.EndWrite();
                }
            }
        _lastReads[txIndex] = reads;
        Volatile.Write(ref _lastWrites[txIndex], keys);
        return wroteNew;
    }

    /// <summary>Marks the aborted incarnation's writes as ESTIMATEs: its next incarnation will probably write the same locations.</summary>
    public void ConvertWritesToEstimates(int txIndex)
    {
        lock (_stripes[txIndex & 63])
        {
            if (_feeState[txIndex] == FeeRecorded) _feeState[txIndex] = FeeEstimate;
        }
        foreach (StateKey key in _lastWrites[txIndex] ?? [])
        {
            VersionList list = _data[key];
            lock (list)
            {
                list.BeginWrite();
                list.MarkEstimate(txIndex);
                list.EndWrite();
            }
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
