using System.Collections.Concurrent;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.State;

namespace AgentChain.Execution.Parallel;

/// <summary>
/// Multi-version memory's record of one account: its parent-state value (loaded once) and the version lists of its
/// fields and storage slots, each created on the first write to it. Keying memory by account means reading a whole
/// account (code, nonce, balance, wipe) costs one map lookup instead of one per field, and a slot lookup needs no
/// composite key: profiling the ETH-transfer block showed the per-field lookups as the largest cost Block-STM adds.
/// </summary>
internal sealed class AccountVersions
{
    public AccountVersions(Address address, Account? parent)
    {
        Address = address;
        Parent = parent;
        ParentCode = parent is { } a ? (a.CodeHash == Hash256.EmptyKeccak ? CodeValue.ExistingWithoutCode : new CodeValue(true, a.CodeHash)) : CodeValue.Absent;
    }

    public Address Address { get; }

    public Account? Parent { get; }

    /// <summary>The parent's code location (existence and code hash), made once instead of on every read.</summary>
    public CodeValue ParentCode { get; }

    public VersionList? Balance;
    public VersionList? Nonce;
    public VersionList? Code;
    public VersionList? Wipe;
    public ConcurrentDictionary<UInt256, VersionList>? Storage;

    /// <summary>Set once the account is on the memory's list of written accounts (1) — see <see cref="MultiVersionMemory.WrittenAccounts"/>.</summary>
    public int Listed;

    /// <summary>The list of a field location (not <see cref="StateKeyKind.Storage"/>), or null while nothing wrote it.</summary>
    public ref VersionList? Field(StateKeyKind kind)
    {
        switch (kind)
        {
            case StateKeyKind.Balance: return ref Balance;
            case StateKeyKind.Nonce: return ref Nonce;
            case StateKeyKind.Code: return ref Code;
            case StateKeyKind.StorageWipe: return ref Wipe;
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "storage slots are not fields");
        }
    }

    /// <summary>The list of the location, or null while nothing wrote it.</summary>
    public VersionList? ListOf(in StateKey key) => key.Kind == StateKeyKind.Storage
        ? Storage is { } storage && storage.TryGetValue(key.Slot, out VersionList? list) ? list : null
        : Volatile.Read(ref Field(key.Kind));

    /// <summary>True when some transaction's latest incarnation wrote a field or slot of this account.</summary>
    public bool AnyWritten()
    {
        if (Balance is { Count: > 0 } || Nonce is { Count: > 0 } || Code is { Count: > 0 } || Wipe is { Count: > 0 }) return true;
        if (Storage is null) return false;
        foreach (KeyValuePair<UInt256, VersionList> slot in Storage)
            if (slot.Value.Count > 0) return true;
        return false;
    }
}
