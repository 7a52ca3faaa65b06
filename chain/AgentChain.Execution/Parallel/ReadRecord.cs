using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.State;

namespace AgentChain.Execution.Parallel;

internal enum ReadKind : byte
{
    /// <summary>Everything <see cref="IStateReader.GetAccount"/> returns.</summary>
    Account,
    /// <summary>Only the code location (a lazily credited plain-transfer recipient: its balance was not read).</summary>
    CodeOnly,
    Storage,
}

/// <summary>
/// What one read returned, kept so phase 3 can check it still holds (value-based validation). The account's record in
/// multi-version memory is kept with the read, so re-checking it needs no lookup. <see cref="FromParent"/>: no
/// transaction below the reader had written the location, the value came from the parent state; while that stays so
/// the value cannot have changed, and validation checks only that (most reads of a low-conflict block).
/// An account read keeps its value only when it differs from the account's parent state (in a small object): most
/// account reads return the parent's account, and a 104-byte copy in every record doubled the size of every read set.
/// </summary>
internal readonly struct ReadRecord
{
    // CodeValue for a CodeOnly read; AccountRead for an Account read whose value is not the parent's; else null.
    private readonly object? _payload;

    private ReadRecord(ReadKind kind, AccountVersions versions, object? payload, in UInt256 slot, in UInt256 value, bool fromParent)
    {
        Kind = kind;
        Versions = versions;
        _payload = payload;
        Slot = slot;
        Value = value;
        FromParent = fromParent;
    }

    public static ReadRecord OfAccount(AccountVersions versions, Account? account, bool fromParent) =>
        new(ReadKind.Account, versions, account == versions.Parent ? null : new AccountRead(account), default, default, fromParent);

    public static ReadRecord OfCode(AccountVersions versions, CodeValue code, bool fromParent) =>
        new(ReadKind.CodeOnly, versions, code, default, default, fromParent);

    public static ReadRecord OfStorage(AccountVersions versions, in UInt256 slot, in UInt256 value, bool fromParent) =>
        new(ReadKind.Storage, versions, null, slot, value, fromParent);

    public ReadKind Kind { get; }

    public AccountVersions Versions { get; }

    /// <summary>For <see cref="ReadKind.Storage"/>: the slot read.</summary>
    public UInt256 Slot { get; }

    /// <summary>For <see cref="ReadKind.Storage"/>: the value read.</summary>
    public UInt256 Value { get; }

    public bool FromParent { get; }

    public Address Address => Versions.Address;

    /// <summary>For <see cref="ReadKind.Account"/>: the account read (null: it did not exist).</summary>
    public Account? Account => _payload is AccountRead read ? read.Account : Versions.Parent;

    /// <summary>For <see cref="ReadKind.CodeOnly"/>: the code location read.</summary>
    public CodeValue? Code => _payload as CodeValue;

    private sealed record AccountRead(Account? Account);
}
