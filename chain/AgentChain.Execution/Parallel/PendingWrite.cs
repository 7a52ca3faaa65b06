using AgentChain.Core.Numerics;

namespace AgentChain.Execution.Parallel;

/// <summary>
/// One write of a finished incarnation, before <see cref="MultiVersionMemory.Record"/> installs it: the account's
/// record in multi-version memory (taken from what the incarnation read, so recording needs no lookup), the location
/// within it, and the value.
/// </summary>
internal struct PendingWrite
{
    public AccountVersions Account;
    public StateKeyKind Kind;
    public UInt256 Slot; // for StateKeyKind.Storage only
    public VersionedWrite Write;
}

/// <summary>
/// A worker's buffer of an incarnation's writes, reused from one incarnation to the next. Writes arrive grouped by
/// account, one per location, from the conversion of the incarnation's commit; only the beneficiary's entries are
/// looked up again (<see cref="Set"/>), when its fee is settled.
/// </summary>
internal sealed class PendingWrites
{
    private PendingWrite[] _items = new PendingWrite[16];

    public int Count { get; private set; }

    public ref PendingWrite this[int index] => ref _items[index];

    public void Clear()
    {
        // References are dropped so that a buffer kept between blocks does not keep a finished block's memory alive.
        Array.Clear(_items, 0, Count);
        Count = 0;
    }

    /// <summary>Appends a write to a location not yet written by this incarnation.</summary>
    public void Add(AccountVersions account, StateKeyKind kind, in UInt256 slot, in VersionedWrite write)
    {
        if (Count == _items.Length) Array.Resize(ref _items, Count * 2);
        ref PendingWrite item = ref _items[Count++];
        item.Account = account;
        item.Kind = kind;
        item.Slot = slot;
        item.Write = write;
    }

    /// <summary>Writes a field location, replacing this incarnation's earlier write to it if there is one.</summary>
    public void Set(AccountVersions account, StateKeyKind kind, in VersionedWrite write)
    {
        if (Find(account, kind) is int at) _items[at].Write = write;
        else Add(account, kind, default, write);
    }

    /// <summary>The index of this incarnation's write to a field location, or null.</summary>
    public int? Find(AccountVersions account, StateKeyKind kind)
    {
        for (int i = 0; i < Count; i++)
            if (ReferenceEquals(_items[i].Account, account) && _items[i].Kind == kind) return i;
        return null;
    }
}
