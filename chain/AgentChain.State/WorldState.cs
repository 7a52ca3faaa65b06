using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.State;

/// <summary>
/// The journaled world state a transaction runs against: an overlay of accounts, storage, code, transient
/// storage (EIP-1153), warm sets (EIP-2929), the refund counter and logs over a committed <see cref="IStateReader"/>.
/// Every change appends an undo record, so <see cref="Snapshot"/>/<see cref="Revert"/> roll back a call frame
/// exactly. <see cref="Commit"/> applies the transaction's effects (EIP-6780 destructions, EIP-161 removal of
/// touched empty accounts) to an <see cref="IStateWriter"/> and starts the next transaction on a clean overlay.
/// </summary>
public sealed class WorldState
{
    private sealed class AccountObject
    {
        public ulong Nonce;
        public UInt256 Balance;
        public Hash256 CodeHash = Hash256.EmptyKeccak;
        public byte[]? Code;
        public bool Exists;
        public bool HadStorage;
        public bool StorageCleared;
        public bool CreatedInTransaction;
        public bool SelfDestructed;
        public bool Touched;
        public bool CodeChanged;
        public readonly Dictionary<UInt256, UInt256> Current = [];
        public Dictionary<UInt256, UInt256>? Original;

        public bool IsEmpty => Nonce == 0 && Balance.IsZero && CodeHash == Hash256.EmptyKeccak;
    }

    private readonly IStateReader _committed;
    private readonly Dictionary<Address, AccountObject> _accounts = [];
    private readonly List<JournalEntry> _journal = [];
    private readonly Dictionary<(Address, UInt256), UInt256> _transient = [];
    private readonly HashSet<Address> _warmAddresses = [];
    private readonly HashSet<(Address, UInt256)> _warmSlots = [];
    private readonly List<LogEntry> _logs = [];
    private long _refund;

    public WorldState(IStateReader committed) => _committed = committed;

    public IReadOnlyList<LogEntry> Logs => _logs;

    public long Refund => _refund;

    // ---- snapshots ----

    public int Snapshot() => _journal.Count;

    public void Revert(int snapshot)
    {
        for (int i = _journal.Count - 1; i >= snapshot; i--) Undo(_journal[i]);
        _journal.RemoveRange(snapshot, _journal.Count - snapshot);
    }

    private void Undo(in JournalEntry e)
    {
        switch (e.Kind)
        {
            case JournalKind.Balance: _accounts[e.Address].Balance = e.Value; break;
            case JournalKind.Nonce: _accounts[e.Address].Nonce = e.Number; break;
            case JournalKind.Code:
                {
                    AccountObject a = _accounts[e.Address];
                    a.CodeHash = new Hash256(e.Value.ToBigEndian());
                    a.Code = (byte[]?)e.Previous;
                    a.CodeChanged = e.Flag;
                    break;
                }
            case JournalKind.Storage: _accounts[e.Address].Current[e.Key] = e.Value; break;
            case JournalKind.StorageAbsent: _accounts[e.Address].Current.Remove(e.Key); break;
            case JournalKind.AccountCreated: _accounts[e.Address].Exists = false; break;
            case JournalKind.AccountReset: _accounts[e.Address] = (AccountObject)e.Previous!; break;
            case JournalKind.SelfDestruct: _accounts[e.Address].SelfDestructed = e.Flag; break;
            case JournalKind.Touch: _accounts[e.Address].Touched = e.Flag; break;
            case JournalKind.Transient:
                if (e.Value.IsZero) _transient.Remove((e.Address, e.Key)); else _transient[(e.Address, e.Key)] = e.Value;
                break;
            case JournalKind.WarmAddress: _warmAddresses.Remove(e.Address); break;
            case JournalKind.WarmSlot: _warmSlots.Remove((e.Address, e.Key)); break;
            case JournalKind.Refund: _refund = (long)e.Number; break;
            case JournalKind.Log: _logs.RemoveRange((int)e.Number, _logs.Count - (int)e.Number); break;
        }
    }

    // ---- accounts ----

    private AccountObject Load(in Address address)
    {
        if (_accounts.TryGetValue(address, out AccountObject? a)) return a;
        a = new AccountObject();
        if (_committed.GetAccount(address) is { } acc)
        {
            a.Exists = true;
            a.Nonce = acc.Nonce;
            a.Balance = acc.Balance;
            a.CodeHash = acc.CodeHash;
            a.HadStorage = acc.StorageRoot != Hash256.EmptyTrieRoot;
        }
        _accounts[address] = a;
        return a;
    }

    private AccountObject LoadForWrite(in Address address)
    {
        AccountObject a = Load(address);
        if (!a.Exists)
        {
            a.Exists = true;
            _journal.Add(new JournalEntry(JournalKind.AccountCreated, address));
        }
        return a;
    }

    public bool Exists(in Address address) => Load(address).Exists;

    /// <summary>EIP-161 "dead": absent, or present with no nonce, balance or code.</summary>
    public bool IsDeadOrEmpty(in Address address)
    {
        AccountObject a = Load(address);
        return !a.Exists || a.IsEmpty;
    }

    public UInt256 GetBalance(in Address address) => Load(address).Balance;

    public ulong GetNonce(in Address address) => Load(address).Nonce;

    public Hash256 GetCodeHash(in Address address) => Load(address).CodeHash;

    public byte[] GetCode(in Address address)
    {
        AccountObject a = Load(address);
        return a.Code ??= _committed.GetCode(a.CodeHash);
    }

    /// <summary>True when the account at the address has storage in the committed state or this overlay (EIP-7610).</summary>
    public bool HasStorage(in Address address)
    {
        AccountObject a = Load(address);
        if (!a.StorageCleared && a.HadStorage) return true;
        foreach (UInt256 v in a.Current.Values) if (!v.IsZero) return true;
        return false;
    }

    public void AddBalance(in Address address, in UInt256 amount)
    {
        AccountObject a = LoadForWrite(address);
        Touch(address, a);
        if (amount.IsZero) return;
        _journal.Add(new JournalEntry(JournalKind.Balance, address, Value: a.Balance));
        a.Balance += amount;
    }

    /// <summary>Subtracts; the caller has checked the balance suffices.</summary>
    public void SubtractBalance(in Address address, in UInt256 amount)
    {
        AccountObject a = LoadForWrite(address);
        Touch(address, a);
        if (amount.IsZero) return;
        if (a.Balance < amount) throw new InvalidOperationException($"balance of {address} is below {amount}: the caller must check first");
        _journal.Add(new JournalEntry(JournalKind.Balance, address, Value: a.Balance));
        a.Balance -= amount;
    }

    public void SetNonce(in Address address, ulong nonce)
    {
        AccountObject a = LoadForWrite(address);
        _journal.Add(new JournalEntry(JournalKind.Nonce, address, Number: a.Nonce));
        a.Nonce = nonce;
    }

    public void SetCode(in Address address, byte[] code)
    {
        AccountObject a = LoadForWrite(address);
        _journal.Add(new JournalEntry(JournalKind.Code, address, Value: UInt256.FromBigEndian(a.CodeHash.Bytes), Flag: a.CodeChanged, Previous: a.Code));
        a.Code = code;
        a.CodeHash = code.Length == 0 ? Hash256.EmptyKeccak : Keccak256.Hash(code);
        a.CodeChanged = true;
    }

    public void Touch(in Address address) => Touch(address, LoadForWrite(address));

    private void Touch(in Address address, AccountObject a)
    {
        if (a.Touched) return;
        _journal.Add(new JournalEntry(JournalKind.Touch, address, Flag: false));
        a.Touched = true;
    }

    /// <summary>
    /// Starts a contract at the address (CREATE/CREATE2 or a creation transaction): a fresh account that keeps
    /// only the balance already sent there, with storage cleared and marked created in this transaction (EIP-6780).
    /// </summary>
    public void CreateContractAccount(in Address address)
    {
        AccountObject old = Load(address);
        var fresh = new AccountObject
        {
            Exists = true,
            Balance = old.Balance,
            StorageCleared = true,
            CreatedInTransaction = true,
            Touched = old.Touched,
        };
        _journal.Add(new JournalEntry(JournalKind.AccountReset, address, Previous: old));
        _accounts[address] = fresh;
    }

    public bool IsCreatedInTransaction(in Address address) => Load(address).CreatedInTransaction;

    public bool IsSelfDestructed(in Address address) => Load(address).SelfDestructed;

    public void MarkSelfDestructed(in Address address)
    {
        AccountObject a = Load(address);
        if (a.SelfDestructed) return;
        _journal.Add(new JournalEntry(JournalKind.SelfDestruct, address, Flag: false));
        a.SelfDestructed = true;
    }

    // ---- storage ----

    public UInt256 GetStorage(in Address address, in UInt256 slot)
    {
        AccountObject a = Load(address);
        return a.Current.TryGetValue(slot, out UInt256 v) ? v : GetOriginal(address, a, slot);
    }

    /// <summary>The slot's value at the start of the transaction (EIP-2200 "original value").</summary>
    public UInt256 GetOriginalStorage(in Address address, in UInt256 slot) => GetOriginal(address, Load(address), slot);

    private UInt256 GetOriginal(in Address address, AccountObject a, in UInt256 slot)
    {
        if (a.StorageCleared || !a.Exists) return UInt256.Zero;
        a.Original ??= [];
        if (a.Original.TryGetValue(slot, out UInt256 v)) return v;
        v = _committed.GetStorage(address, slot);
        a.Original[slot] = v;
        return v;
    }

    public void SetStorage(in Address address, in UInt256 slot, in UInt256 value)
    {
        AccountObject a = LoadForWrite(address);
        _journal.Add(a.Current.TryGetValue(slot, out UInt256 old)
            ? new JournalEntry(JournalKind.Storage, address, slot, old)
            : new JournalEntry(JournalKind.StorageAbsent, address, slot));
        a.Current[slot] = value;
    }

    public UInt256 GetTransient(in Address address, in UInt256 slot) =>
        _transient.TryGetValue((address, slot), out UInt256 v) ? v : UInt256.Zero;

    public void SetTransient(in Address address, in UInt256 slot, in UInt256 value)
    {
        _journal.Add(new JournalEntry(JournalKind.Transient, address, slot, GetTransient(address, slot)));
        if (value.IsZero) _transient.Remove((address, slot)); else _transient[(address, slot)] = value;
    }

    // ---- EIP-2929 access sets, refunds, logs ----

    /// <summary>Marks the address warm; returns true when it was cold.</summary>
    public bool WarmAddress(in Address address)
    {
        if (!_warmAddresses.Add(address)) return false;
        _journal.Add(new JournalEntry(JournalKind.WarmAddress, address));
        return true;
    }

    public bool IsWarm(in Address address) => _warmAddresses.Contains(address);

    /// <summary>Marks the slot warm; returns true when it was cold.</summary>
    public bool WarmSlot(in Address address, in UInt256 slot)
    {
        if (!_warmSlots.Add((address, slot))) return false;
        _journal.Add(new JournalEntry(JournalKind.WarmSlot, address, slot));
        return true;
    }

    public void AddRefund(long delta)
    {
        _journal.Add(new JournalEntry(JournalKind.Refund, default, Number: (ulong)_refund));
        _refund += delta;
    }

    public void AddLog(LogEntry log)
    {
        _journal.Add(new JournalEntry(JournalKind.Log, log.Address, Number: (ulong)_logs.Count));
        _logs.Add(log);
    }

    // ---- end of transaction ----

    /// <summary>
    /// Writes the transaction's effects: accounts destroyed per EIP-6780 are deleted, touched empty accounts
    /// are deleted (EIP-161), everything else changed is written. The overlay, journal, warm sets, transient
    /// storage, refund and logs are then cleared for the next transaction.
    /// </summary>
    public void Commit(IStateWriter writer)
    {
        foreach ((Address address, AccountObject a) in _accounts)
        {
            if (!a.Exists) continue;
            if (a.SelfDestructed || (a.Touched && a.IsEmpty))
            {
                writer.DeleteAccount(address);
                continue;
            }
            writer.SetAccount(address, a.Nonce, a.Balance, a.CodeHash, a.CodeChanged ? a.Code : null);
            if (a.StorageCleared) writer.ClearStorage(address);
            foreach ((UInt256 slot, UInt256 value) in a.Current) writer.SetStorage(address, slot, value);
        }
        _accounts.Clear();
        _journal.Clear();
        _transient.Clear();
        _warmAddresses.Clear();
        _warmSlots.Clear();
        _logs.Clear();
        _refund = 0;
    }
}
