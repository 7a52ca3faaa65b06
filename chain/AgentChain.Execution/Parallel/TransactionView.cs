using System.Runtime.InteropServices;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.State;

namespace AgentChain.Execution.Parallel;

/// <summary>
/// What one incarnation of transaction <c>i</c> reads through: multi-version memory as of <c>i</c>. Every read is
/// recorded for validation; a read that meets an ESTIMATE throws <see cref="EstimateDependencyException"/> (phase 2).
/// For a plain transfer the recipient is credited lazily: only its code location is read (it must have no code),
/// and the view reports a zero balance and nonce so the resulting write is exactly the credited amount.
/// </summary>
internal sealed class TransactionView : IStateReader
{
    private readonly MultiVersionMemory _memory;
    private int _txIndex = -1;
    private Address? _lazyRecipient;
    private readonly List<ReadRecord> _reads = [];
    // What each account read returned, with the account's record in memory (its writes are recorded there): a few per
    // incarnation (a transfer reads two), so they are kept in a list and found by a scan, and an index is built only
    // for an incarnation that reads many. A dictionary here cost two hash inserts and four lookups per transfer.
    private readonly List<SeenAccount> _accounts = [];
    private readonly Dictionary<Address, int> _accountIndex = [];
    private const int ScanLimit = 8;
    // The slots read, kept the same way (an ERC-20 transfer reads two or three; a swap a dozen or more).
    private readonly List<SeenSlot> _slots = [];
    private readonly Dictionary<(Address, UInt256), int> _slotIndex = [];

    /// <summary>A view for one worker; <see cref="Begin"/> points it at each incarnation in turn (its buffers are reused).</summary>
    public TransactionView(MultiVersionMemory memory) => _memory = memory;

    /// <summary>Starts an incarnation of transaction <paramref name="txIndex"/>: forgets everything the previous one read.</summary>
    public void Begin(int txIndex, Address? lazyRecipient)
    {
        _txIndex = txIndex;
        _lazyRecipient = lazyRecipient;
        LazyRecipientCredited = false;
        _reads.Clear();
        _accounts.Clear();
        _accountIndex.Clear();
        _slots.Clear();
        _slotIndex.Clear();
    }

    /// <summary>True when the recipient turned out codeless and was handed the zero placeholder.</summary>
    public bool LazyRecipientCredited { get; private set; }

    public Address? LazyRecipient => _lazyRecipient;

    public MultiVersionMemory Memory => _memory;

    /// <summary>A copy of the incarnation's reads (kept for validation after the view moves on).</summary>
    public ReadRecord[] Reads => [.. _reads];

    /// <summary>
    /// The account's record in memory and what this incarnation read of it (null when it read nothing, or read that
    /// it does not exist). Every account an incarnation writes was read first, so this is normally not a lookup.
    /// </summary>
    public AccountVersions VersionsOf(in Address address, out Account? observed)
    {
        if (Seen(address) is int at)
        {
            ref SeenAccount seen = ref CollectionsMarshal.AsSpan(_accounts)[at];
            observed = seen.Account;
            return seen.Versions;
        }
        observed = null;
        return _memory.AccountOf(address);
    }

    public bool TryGetObservedSlot(in Address address, in UInt256 slot, out UInt256 value)
    {
        if (SeenSlotAt(address, slot) is int at)
        {
            value = CollectionsMarshal.AsSpan(_slots)[at].Value;
            return true;
        }
        value = default;
        return false;
    }

    public Account? GetAccount(in Address address)
    {
        if (Seen(address) is int at) return CollectionsMarshal.AsSpan(_accounts)[at].Account;
        if (_lazyRecipient is { } recipient && recipient == address)
        {
            AccountVersions recipientVersions = _memory.AccountOf(address);
            Resolved code = _memory.Resolve(recipientVersions, StateKey.Code(address), _txIndex);
            if (code.Blocked) throw new EstimateDependencyException(code.BlockingTx);
            if (code.Code!.CodeHash == Hash256.EmptyKeccak)
            {
                _reads.Add(ReadRecord.OfCode(recipientVersions, code.Code, code.WriterTx < 0));
                LazyRecipientCredited = true;
                var placeholder = new Account(0, UInt256.Zero, Hash256.EmptyTrieRoot, Hash256.EmptyKeccak);
                Remember(address, placeholder, recipientVersions);
                return placeholder;
            }
        }
        AccountVersions versions = _memory.AccountOf(address);
        if (!_memory.TryResolveAccount(versions, _txIndex, out Account? account, out int blocking, out int writer))
            throw new EstimateDependencyException(blocking);
        _reads.Add(ReadRecord.OfAccount(versions, account, writer < 0));
        Remember(address, account, versions);
        return account;
    }

    private int? Seen(in Address address)
    {
        if (_accounts.Count > ScanLimit) return _accountIndex.TryGetValue(address, out int indexed) ? indexed : null;
        Span<SeenAccount> seen = CollectionsMarshal.AsSpan(_accounts);
        for (int i = 0; i < seen.Length; i++)
            if (seen[i].Versions.Address.Equals(address)) return i;
        return null;
    }

    private void Remember(in Address address, Account? account, AccountVersions versions)
    {
        _accounts.Add(new SeenAccount(account, versions));
        if (_accounts.Count <= ScanLimit) return;
        if (_accountIndex.Count == 0)
        {
            Span<SeenAccount> all = CollectionsMarshal.AsSpan(_accounts);
            for (int i = 0; i < all.Length; i++) _accountIndex[all[i].Versions.Address] = i;
        }
        else _accountIndex[address] = _accounts.Count - 1;
    }

    private void RememberSlot(in Address address, in UInt256 slot, in UInt256 value)
    {
        _slots.Add(new SeenSlot(address, slot, value));
        if (_slots.Count <= ScanLimit) return;
        if (_slotIndex.Count == 0)
        {
            Span<SeenSlot> all = CollectionsMarshal.AsSpan(_slots);
            for (int i = 0; i < all.Length; i++) _slotIndex[(all[i].Address, all[i].Slot)] = i;
        }
        else _slotIndex[(address, slot)] = _slots.Count - 1;
    }

    private int? SeenSlotAt(in Address address, in UInt256 slot)
    {
        if (_slots.Count > ScanLimit) return _slotIndex.TryGetValue((address, slot), out int indexed) ? indexed : null;
        Span<SeenSlot> seen = CollectionsMarshal.AsSpan(_slots);
        for (int i = 0; i < seen.Length; i++)
            if (seen[i].Slot == slot && seen[i].Address.Equals(address)) return i;
        return null;
    }

    private readonly record struct SeenAccount(Account? Account, AccountVersions Versions);

    private readonly record struct SeenSlot(Address Address, UInt256 Slot, UInt256 Value);

    public UInt256 GetStorage(in Address address, in UInt256 slot)
    {
        if (SeenSlotAt(address, slot) is int at) return CollectionsMarshal.AsSpan(_slots)[at].Value;
        AccountVersions versions = _memory.AccountOf(address);
        Resolved value = _memory.ResolveSlot(versions, slot, _txIndex);
        if (value.Blocked) throw new EstimateDependencyException(value.BlockingTx);
        _reads.Add(ReadRecord.OfStorage(versions, slot, value.Number, value.WriterTx < 0));
        RememberSlot(address, slot, value.Number);
        return value.Number;
    }

    public byte[] GetCode(in Hash256 codeHash) => _memory.GetCode(codeHash);
}
