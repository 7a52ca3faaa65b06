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
/// Locations are grouped per account (<see cref="AccountVersions"/>): one lookup by address finds every field and slot.
/// The beneficiary's fee credits are kept per transaction outside the version lists (<see cref="_fees"/>): every
/// transaction writes one, and a shared list would put a lock all workers take on the hot path; readers of the
/// beneficiary's balance are rare and sum them. A fee is published lock-free (see <see cref="Record"/>).
/// </summary>
internal sealed class MultiVersionMemory
{
    private readonly AccountTable _accounts;
    private readonly ConcurrentDictionary<Hash256, byte[]> _newCode = new();
    private readonly IStateReader _parent;
    // Parent reads are serialised per stripe (stores may cache lazily, e.g. InMemoryState's storage roots), not globally.
    // Each lock object is a cache line long, so that two workers taking neighbouring stripes do not share a line.
    private readonly object[] _stripes = Enumerable.Range(0, AccountTable.Stripes).Select(_ => (object)new byte[64]).ToArray();
    private readonly Address _feeRecipient;
    private readonly TxLayout _layout; // where each transaction's entry is in the per-transaction arrays
    private readonly UInt256[] _fees;
    private readonly byte[] _feeState; // FeeNone, FeeRecorded, FeeEstimate
    private const byte FeeNone = 0, FeeRecorded = 1, FeeEstimate = 2;
    private int _anyFee;
    private bool _frozen;
    // Per transaction, the version lists its latest incarnation wrote: marking them ESTIMATE or withdrawing them needs
    // no lookup, and 8 bytes per write replaced a ~60-byte StateKey.
    private readonly VersionList[]?[] _lastWrites;
    private readonly ReadRecord[]?[] _lastReads;
    // Accounts that got a version list, appended when the first list is created to the list of the worker that created
    // it (no lock, no shared line): building the diff walks these instead of every account read.
    private readonly List<List<AccountVersions>> _written = [];

    public MultiVersionMemory(IStateReader parent, int transactions, Address feeRecipient, TxLayout layout)
    {
        _layout = layout;
        _parent = parent;
        // Sized for a couple of accounts per transaction up front.
        _accounts = new AccountTable(Math.Max(64, transactions * 2));
        _feeRecipient = feeRecipient;
        _fees = new UInt256[layout.Length];
        _feeState = new byte[layout.Length];
        _lastWrites = new VersionList[layout.Length][];
        _lastReads = new ReadRecord[layout.Length][];
    }

    /// <summary>
    /// Accounts some incarnation wrote (a field, a slot), and the beneficiary when fee credits were recorded. Call after
    /// the workers finished. Lists whose writes were all withdrawn by re-executions may leave an account with nothing
    /// to write: <see cref="HasFinalWrites"/> tells (checked by the caller, on all workers, not here on one).
    /// </summary>
    public List<AccountVersions> WrittenAccounts()
    {
        int total = 0;
        foreach (List<AccountVersions> worker in _written) total += worker.Count;
        var accounts = new List<AccountVersions>(total + 1);
        foreach (List<AccountVersions> worker in _written) accounts.AddRange(worker);
        if (Volatile.Read(ref _anyFee) != 0 && AccountOf(_feeRecipient) is { Listed: 0 } feeRecipient) accounts.Add(feeRecipient);
        return accounts;
    }

    /// <summary>Whether a transaction's latest incarnation wrote the account: a field or slot, or (the beneficiary) a fee credit.</summary>
    public bool HasFinalWrites(AccountVersions account) =>
        account.AnyWritten() || HasFeeCredits(account);

    public ReadRecord[] ReadsOf(int txIndex) => _lastReads[_layout[txIndex]] ?? [];

    // ---- reading ----

    /// <summary>The account's record, created with its parent-state value on first use (the parent is read under a stripe lock because stores may cache lazily).</summary>
    public AccountVersions AccountOf(in Address address)
    {
        if (_accounts.Find(address) is { } account) return account;
        lock (_stripes[AccountTable.StripeOf(address)])
        {
            if (_accounts.Find(address) is { } added) return added;
            var created = new AccountVersions(address, _parent.GetAccount(address));
            _accounts.Add(created);
            return created;
        }
    }

    /// <summary>A worker's list of the accounts it gives their first version list (see <see cref="Record"/>).</summary>
    public List<AccountVersions> NewWrittenList()
    {
        var list = new List<AccountVersions>();
        lock (_written) _written.Add(list);
        return list;
    }

    public byte[] GetCode(in Hash256 codeHash)
    {
        if (codeHash == Hash256.EmptyKeccak) return [];
        if (_newCode.TryGetValue(codeHash, out byte[]? code)) return code;
        lock (_stripes[codeHash.GetHashCode() & (AccountTable.Stripes - 1)]) return _parent.GetCode(codeHash);
    }

    public Resolved Resolve(in StateKey key, int txIndex) => Resolve(AccountOf(key.Address), key, txIndex);

    public Resolved Resolve(AccountVersions account, in StateKey key, int txIndex)
    {
        Resolved value = ResolveVersions(account, key, txIndex, out int absoluteWriter);
        if (value.Blocked || key.Kind != StateKeyKind.Balance || !key.Address.Equals(_feeRecipient) || Volatile.Read(ref _anyFee) == 0) return value;
        // Fee credits of the transactions between the last absolute write and the reader.
        UInt256 fees = UInt256.Zero;
        int writer = value.WriterTx;
        for (int j = txIndex - 1; j > absoluteWriter; j--)
        {
            byte state = Volatile.Read(ref _feeState[_layout[j]]);
            if (state == FeeEstimate && !_frozen) return Resolved.Block(j);
            if (state != FeeRecorded) continue;
            fees += _fees[_layout[j]];
            writer = Math.Max(writer, j);
        }
        return value with { Number = value.Number + fees, WriterTx = writer };
    }

    private Resolved ResolveVersions(AccountVersions account, in StateKey key, int txIndex, out int absoluteWriter)
    {
        absoluteWriter = -1;
        // A location nobody wrote yet reads the parent's value without creating a list: most reads are of such
        // locations, and a writer that adds one concurrently is caught by validation like any other late write.
        VersionList? list = account.ListOf(key);
        if (list is null) return new Resolved(false, -1, BaseOf(account, key), key.Kind == StateKeyKind.Code ? account.ParentCode : null, -1);
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

    private UInt256 BaseOf(AccountVersions account, in StateKey key) => key.Kind switch
    {
        StateKeyKind.Balance => account.Parent?.Balance ?? UInt256.Zero,
        StateKeyKind.Nonce => account.Parent?.Nonce ?? 0UL,
        StateKeyKind.Storage => _parent.GetStorage(key.Address, key.Slot),
        _ => UInt256.Zero,
    };

    private VersionedWrite LoadBase(AccountVersions account, in StateKey key) => key.Kind == StateKeyKind.Code
        ? new VersionedWrite { Code = account.ParentCode }
        : new VersionedWrite { Number = BaseOf(account, key) };

    // A contract's slot map: every worker adds to a token's map, and the default (a lock per core, 31 buckets) made
    // them share locks and grow it, under all its locks, a dozen times on the way to 20,000 slots.
    private const int SlotMapLocks = 32;
    private const int SlotMapCapacity = 256;

    /// <summary>The location's list, created (with the parent's value as its base) on the first write.</summary>
    private VersionList ListForWrite(AccountVersions account, StateKeyKind kind, in UInt256 slot, List<AccountVersions> written)
    {
        if (Volatile.Read(ref account.Listed) == 0 && Interlocked.Exchange(ref account.Listed, 1) == 0) written.Add(account);
        if (kind != StateKeyKind.Storage)
        {
            ref VersionList? field = ref account.Field(kind);
            if (Volatile.Read(ref field) is { } existing) return existing;
            var created = new VersionList { Base = LoadBase(account, new StateKey(account.Address, kind)), BaseLoaded = true };
            return Interlocked.CompareExchange(ref field, created, null) ?? created;
        }
        ConcurrentDictionary<UInt256, VersionList> storage = Volatile.Read(ref account.Storage)
            ?? Interlocked.CompareExchange(ref account.Storage, new ConcurrentDictionary<UInt256, VersionList>(SlotMapLocks, SlotMapCapacity), null)
            ?? account.Storage!;
        if (storage.TryGetValue(slot, out VersionList? list)) return list;
        return storage.GetOrAdd(slot, static (s, state) => new VersionList { Base = state.Memory.LoadBase(state.Account, StateKey.Storage(state.Account.Address, s)), BaseLoaded = true }, (Memory: this, Account: account));
    }

    /// <summary>A storage slot: its latest write, unless the account's storage was wiped by a later transaction (then zero).</summary>
    public Resolved ResolveSlot(in Address address, in UInt256 slot, int txIndex) => ResolveSlot(AccountOf(address), slot, txIndex);

    public Resolved ResolveSlot(AccountVersions account, in UInt256 slot, int txIndex)
    {
        Address address = account.Address;
        Resolved wipe = Resolve(account, StateKey.Wipe(address), txIndex);
        if (wipe.Blocked) return wipe;
        Resolved value = Resolve(account, StateKey.Storage(address, slot), txIndex);
        if (value.Blocked) return value;
        // A wipe written by a later transaction than the slot's writer hides it (same transaction: the slot came after).
        if (!wipe.Number.IsZero && wipe.WriterTx > value.WriterTx) return new Resolved(false, -1, UInt256.Zero, null, wipe.WriterTx);
        if (!wipe.Number.IsZero && value.WriterTx < 0) return new Resolved(false, -1, UInt256.Zero, null, wipe.WriterTx);
        return value;
    }

    /// <summary>
    /// After <see cref="Freeze"/>: a written slot's value at the end of the block is its list's last write (storage
    /// takes no deltas and no ESTIMATE survives the block), or zero when the account's final storage wipe
    /// (<paramref name="wipe"/>, resolved once per account) came from a later transaction (<see cref="ResolveSlot"/>'s rule).
    /// </summary>
    public UInt256 FinalSlotValue(VersionList list, in Resolved wipe)
    {
        if (!_frozen) throw new InvalidOperationException("final values are read only after the block's workers finished");
        ref VersionedWrite last = ref list.At(list.Count - 1);
        if (last.Kind != WriteKind.Value) throw new InvalidOperationException($"a storage slot ends the block with a {last.Kind} entry of transaction {last.TxIndex}");
        return !wipe.Number.IsZero && wipe.WriterTx > last.TxIndex ? UInt256.Zero : last.Number;
    }

    /// <summary>
    /// After <see cref="Freeze"/>: the account at the end of the block (<paramref name="end"/> = the block's transaction
    /// count) and its final storage wipe, as <see cref="TryResolveAccount(AccountVersions, int, out Account?, out int, out int)"/>
    /// and <see cref="Resolve(AccountVersions, in StateKey, int)"/> would give them, read straight from the last entries of
    /// its lists: building the diff does this for every written account, and the general resolution was most of its cost.
    /// The beneficiary, whose balance also sums fee credits kept outside its list, takes the general path.
    /// </summary>
    public Account? FinalAccount(AccountVersions versions, int end, out Resolved wipe)
    {
        if (!_frozen) throw new InvalidOperationException("final values are read only after the block's workers finished");
        if (HasFeeCredits(versions))
        {
            if (!TryResolveAccount(versions, end, out Account? resolved, out _, out _)) throw new InvalidOperationException("an ESTIMATE survived to the end of the block");
            wipe = Resolve(versions, StateKey.Wipe(versions.Address), end);
            return resolved;
        }
        CodeValue code = versions.Code is { } codes ? (codes.Count > 0 ? FinalEntry(codes).Code! : codes.Base.Code!) : versions.ParentCode;
        UInt256 nonce = FinalNumber(versions.Nonce, versions.Parent?.Nonce ?? 0UL, out _);
        UInt256 balance = FinalNumber(versions.Balance, versions.Parent?.Balance ?? UInt256.Zero, out _);
        UInt256 wiped = FinalNumber(versions.Wipe, UInt256.Zero, out int wipeWriter);
        wipe = new Resolved(false, -1, wiped, null, wipeWriter);
        if (!code.Exists && nonce.IsZero && balance.IsZero) return null;
        Hash256 root = wiped.IsZero ? versions.Parent?.StorageRoot ?? Hash256.EmptyTrieRoot : Hash256.EmptyTrieRoot;
        return new Account(nonce.U0, balance, root, code.CodeHash);
    }

    private static ref VersionedWrite FinalEntry(VersionList list)
    {
        ref VersionedWrite last = ref list.At(list.Count - 1);
        if (last.Kind != WriteKind.Value) throw new InvalidOperationException($"a location ends the block with a {last.Kind} entry of transaction {last.TxIndex}");
        return ref last;
    }

    /// <summary>A numeric location's final value: the last absolute value (or the base) plus the deltas after it; <paramref name="writer"/> is the last entry's transaction.</summary>
    private static UInt256 FinalNumber(VersionList? list, in UInt256 parentValue, out int writer)
    {
        writer = -1;
        if (list is null) return parentValue;
        UInt256 deltas = UInt256.Zero;
        for (int i = list.Count - 1; i >= 0; i--)
        {
            ref VersionedWrite w = ref list.At(i);
            if (writer < 0) writer = w.TxIndex;
            switch (w.Kind)
            {
                case WriteKind.Delta:
                    deltas += w.Number;
                    continue;
                case WriteKind.Value:
                    return w.Number + deltas;
                default:
                    throw new InvalidOperationException($"an ESTIMATE of transaction {w.TxIndex} survived to the end of the block");
            }
        }
        return list.Base.Number + deltas;
    }

    /// <summary>
    /// The account as transaction <paramref name="txIndex"/> sees it. Existence is derived: the code location's flag,
    /// or a non-zero nonce or balance (a lazily credited recipient exists once credited). Storage roots follow
    /// <see cref="BlockOverlay"/>'s rule: the parent's, or empty after a wipe in this block.
    /// </summary>
    public bool TryResolveAccount(in Address address, int txIndex, out Account? account, out int blockingTx, out int writerTx) =>
        TryResolveAccount(AccountOf(address), txIndex, out account, out blockingTx, out writerTx);

    public bool TryResolveAccount(AccountVersions versions, int txIndex, out Account? account, out int blockingTx, out int writerTx)
    {
        if (!HasAnyFieldList(versions))
        {
            // Nothing in the block has written the account (most first reads): its parent value, as the general path
            // below would resolve it. A writer that adds a list concurrently is caught by validation, as for any location.
            account = versions.Parent;
            blockingTx = -1;
            writerTx = -1;
            return true;
        }
        account = null;
        Address address = versions.Address;
        Resolved code = Resolve(versions, StateKey.Code(address), txIndex);
        Resolved nonce = code.Blocked ? code : Resolve(versions, StateKey.Nonce(address), txIndex);
        Resolved balance = nonce.Blocked ? nonce : Resolve(versions, StateKey.Balance(address), txIndex);
        if (balance.Blocked) { blockingTx = balance.BlockingTx; writerTx = -1; return false; }
        writerTx = Math.Max(code.WriterTx, Math.Max(nonce.WriterTx, balance.WriterTx));
        blockingTx = -1;
        bool exists = code.Code!.Exists || !nonce.Number.IsZero || !balance.Number.IsZero;
        if (!exists) return true;
        Hash256 root = versions.Parent?.StorageRoot ?? Hash256.EmptyTrieRoot;
        if (root != Hash256.EmptyTrieRoot)
        {
            Resolved wipe = Resolve(versions, StateKey.Wipe(address), txIndex);
            if (wipe.Blocked) { blockingTx = wipe.BlockingTx; return false; }
            if (!wipe.Number.IsZero) root = Hash256.EmptyTrieRoot;
            writerTx = Math.Max(writerTx, wipe.WriterTx);
        }
        account = new Account(nonce.Number.U0, balance.Number, root, code.Code.CodeHash);
        return true;
    }

    /// <summary>Whether the account is the beneficiary and some transaction recorded a fee credit (kept outside its lists).</summary>
    private bool HasFeeCredits(AccountVersions versions) => Volatile.Read(ref _anyFee) != 0 && versions.Address.Equals(_feeRecipient);

    /// <summary>Whether some transaction has written a field of the account (a list exists) or it is the beneficiary with fee credits.</summary>
    private bool HasAnyFieldList(AccountVersions versions) =>
        Volatile.Read(ref versions.Code) is not null || Volatile.Read(ref versions.Nonce) is not null || Volatile.Read(ref versions.Balance) is not null
        || Volatile.Read(ref versions.Wipe) is not null || HasFeeCredits(versions);

    // ---- writing ----

    public void AddCode(in Hash256 codeHash, byte[] code) => _newCode.TryAdd(codeHash, code);

    /// <summary>Installs an incarnation's writes and read set; true when it wrote a location its previous incarnation did not (readers above must be re-validated).</summary>
    /// <param name="written">The recording worker's list from <see cref="NewWrittenList"/>.</param>
    public bool Record(int txIndex, int incarnation, PendingWrites writes, UInt256 fee, ReadRecord[] reads, List<AccountVersions> written)
    {
        // No lock: a fee is only rewritten while its state is ESTIMATE (an incarnation records again only after the
        // previous one was aborted), which readers wait on, and the release store publishes the amount with the state.
        bool newFee = !fee.IsZero && _feeState[_layout[txIndex]] == FeeNone;
        _fees[_layout[txIndex]] = fee;
        Volatile.Write(ref _feeState[_layout[txIndex]], fee.IsZero ? FeeNone : FeeRecorded);
        if (!fee.IsZero && Volatile.Read(ref _anyFee) == 0) Interlocked.Exchange(ref _anyFee, 1);
        VersionList[]? previous = _lastWrites[_layout[txIndex]];
        var lists = new VersionList[writes.Count];
        bool wroteNew = newFee;
        // A location has one list for the whole block, so list identity is location identity.
        HashSet<VersionList>? previousSet = previous is { Length: > 0 } ? new HashSet<VersionList>(previous, ReferenceEqualityComparer.Instance) : null;
        for (int i = 0; i < writes.Count; i++)
        {
            ref PendingWrite pending = ref writes[i];
            pending.Write.TxIndex = txIndex;
            pending.Write.Incarnation = incarnation;
            VersionList list = ListForWrite(pending.Account, pending.Kind, pending.Slot, written);
            list.BeginWrite();
            list.Put(pending.Write);
            list.EndWrite();
            lists[i] = list;
            if (previousSet is null || !previousSet.Remove(list)) wroteNew = true;
        }
        if (previousSet is not null)
            foreach (VersionList list in previousSet)
            {
                list.BeginWrite();
                list.Remove(txIndex);
                list.EndWrite();
            }
        _lastReads[_layout[txIndex]] = reads;
        Volatile.Write(ref _lastWrites[_layout[txIndex]], lists);
        return wroteNew;
    }

    /// <summary>Marks the aborted incarnation's writes as ESTIMATEs: its next incarnation will probably write the same locations.</summary>
    public void ConvertWritesToEstimates(int txIndex)
    {
        if (_feeState[_layout[txIndex]] == FeeRecorded) Volatile.Write(ref _feeState[_layout[txIndex]], FeeEstimate);
        foreach (VersionList list in _lastWrites[_layout[txIndex]] ?? [])
        {
            list.BeginWrite();
            list.MarkEstimate(txIndex);
            list.EndWrite();
        }
    }

    /// <summary>
    /// Phase 3's check: every read of the transaction's last incarnation still returns the same value. A read that came
    /// from the parent state is still valid while no transaction below has written its location (no value to compare);
    /// the others are resolved again and compared.
    /// </summary>
    public bool ValidateReadSet(int txIndex)
    {
        // By reference: copying each record cost more than checking it.
        foreach (ref readonly ReadRecord read in (_lastReads[_layout[txIndex]] ?? []).AsSpan())
        {
            AccountVersions versions = read.Versions;
            switch (read.Kind)
            {
                case ReadKind.Account:
                    if (read.FromParent && FieldsUnwrittenBelow(versions, txIndex)) break;
                    if (!TryResolveAccount(versions, txIndex, out Account? account, out _, out _) || account != read.Account) return false;
                    break;
                case ReadKind.CodeOnly:
                    if (read.FromParent && UnwrittenBelow(Volatile.Read(ref versions.Code), txIndex)) break;
                    Resolved code = Resolve(versions, StateKey.Code(read.Address), txIndex);
                    if (code.Blocked || code.Code != read.Code) return false;
                    break;
                default:
                    if (read.FromParent && UnwrittenBelow(Volatile.Read(ref versions.Wipe), txIndex)
                        && UnwrittenBelow(versions.ListOf(StateKey.Storage(versions.Address, read.Slot)), txIndex)) break;
                    Resolved slot = ResolveSlot(versions, read.Slot, txIndex);
                    if (slot.Blocked || slot.Number != read.Value) return false;
                    break;
            }
        }
        return true;
    }

    private static bool UnwrittenBelow(VersionList? list, int txIndex) => list is null || !list.HasWriteBelow(txIndex);

    // The beneficiary's balance also moves by fee credits, which are not in its list: always resolved.
    private bool FieldsUnwrittenBelow(AccountVersions versions, int txIndex) =>
        UnwrittenBelow(Volatile.Read(ref versions.Code), txIndex) && UnwrittenBelow(Volatile.Read(ref versions.Nonce), txIndex)
        && UnwrittenBelow(Volatile.Read(ref versions.Balance), txIndex) && UnwrittenBelow(Volatile.Read(ref versions.Wipe), txIndex)
        && !HasFeeCredits(versions);
}
