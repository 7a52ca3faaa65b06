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
    // What each account read returned, with the account's record in memory (its writes are recorded there), and what
    // each slot read returned.
    private readonly ScannedMap<Address, (Account? Account, AccountVersions Versions)> _accounts = new();
    private readonly ScannedMap<(Address, UInt256), UInt256> _slots = new();

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
        _slots.Clear();
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
        if (_accounts.IndexOf(address) is var at and >= 0)
        {
            ref readonly (Account? Account, AccountVersions Versions) seen = ref _accounts.Entries[at].Value;
            observed = seen.Account;
            return seen.Versions;
        }
        observed = null;
        return _memory.AccountOf(address);
    }

    public bool TryGetObservedSlot(in Address address, in UInt256 slot, out UInt256 value)
    {
        return _slots.TryGetValue((address, slot), out value);
    }

    public Account? GetAccount(in Address address)
    {
        if (_accounts.IndexOf(address) is var at and >= 0) return _accounts.Entries[at].Value.Account;
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
                _accounts.Add(address, (placeholder, recipientVersions));
                return placeholder;
            }
        }
        AccountVersions versions = _memory.AccountOf(address);
        if (!_memory.TryResolveAccount(versions, _txIndex, out Account? account, out int blocking, out int writer))
            throw new EstimateDependencyException(blocking);
        _reads.Add(ReadRecord.OfAccount(versions, account, writer < 0));
        _accounts.Add(address, (account, versions));
        return account;
    }

    public UInt256 GetStorage(in Address address, in UInt256 slot)
    {
        if (_slots.TryGetValue((address, slot), out UInt256 seen)) return seen;
        AccountVersions versions = _memory.AccountOf(address);
        Resolved value = _memory.ResolveSlot(versions, slot, _txIndex);
        if (value.Blocked) throw new EstimateDependencyException(value.BlockingTx);
        _reads.Add(ReadRecord.OfStorage(versions, slot, value.Number, value.WriterTx < 0));
        _slots.Add((address, slot), value.Number);
        return value.Number;
    }

    public byte[] GetCode(in Hash256 codeHash) => _memory.GetCode(codeHash);
}
