using System.Runtime.InteropServices;

namespace AgentChain.Execution.Parallel;

/// <summary>
/// The writes to one location, sorted by transaction index, and the location's value in the parent state (loaded
/// when the list is created). A sequence counter is both the writers' lock and the readers' check (a seqlock):
/// a writer makes it odd with one compare-and-swap and even again with a plain release store; readers take no lock
/// and retry a scan that overlapped a write. One interlocked operation per write replaced a monitor enter/exit plus
/// two interlocked increments: every transaction records a few writes, so this is on every transaction's path.
/// Most locations get one write per block (each ETH or ERC-20 transfer writes its own sender's fields and slots), so
/// the first write is kept in the list object itself and an array is allocated only for a second one: three fewer
/// allocations per ETH transfer, and three fewer objects to touch when the block's diff is built.
/// </summary>
internal sealed class VersionList
{
    private VersionedWrite _first;
    private VersionedWrite[]? _writes; // null while the list holds at most one write (in _first); contended lists grow by doubling
    private int _count;
    private int _sequence;

    /// <summary>Waits out a writer in progress and returns the sequence number to check with <see cref="ReadIsConsistent"/>.</summary>
    public int BeginRead()
    {
        var spin = new SpinWait();
        int sequence;
        while (((sequence = Volatile.Read(ref _sequence)) & 1) != 0) spin.SpinOnce(sleep1Threshold: -1);
        return sequence;
    }

    public bool ReadIsConsistent(int sequence)
    {
        Interlocked.MemoryBarrier();
        return Volatile.Read(ref _sequence) == sequence;
    }

    /// <summary>A consistent-or-retried view for readers: the array and count as they are now.</summary>
    public ReadOnlySpan<VersionedWrite> Snapshot()
    {
        VersionedWrite[]? writes = Volatile.Read(ref _writes);
        int count = Volatile.Read(ref _count);
        // Clamped to the storage actually read: a scan racing a writer may see a count from after the array grew (it
        // is retried, but must not read past what it holds meanwhile).
        return writes is null ? MemoryMarshal.CreateReadOnlySpan(ref _first, Math.Min(count, 1)) : writes.AsSpan(0, Math.Min(count, writes.Length));
    }

    /// <summary>Takes the list for a change (spins while another writer holds it); pair with <see cref="EndWrite"/>.</summary>
    public void BeginWrite()
    {
        int sequence = Volatile.Read(ref _sequence);
        if ((sequence & 1) == 0 && Interlocked.CompareExchange(ref _sequence, sequence + 1, sequence) == sequence) return;
        var spin = new SpinWait();
        while (true)
        {
            spin.SpinOnce(sleep1Threshold: -1);
            sequence = Volatile.Read(ref _sequence);
            if ((sequence & 1) == 0 && Interlocked.CompareExchange(ref _sequence, sequence + 1, sequence) == sequence) return;
        }
    }

    /// <summary>Publishes the change: the release store orders every write to the list before the even sequence readers check.</summary>
    public void EndWrite() => Volatile.Write(ref _sequence, _sequence + 1);

    /// <summary>Whether some transaction below <paramref name="txIndex"/> has an entry (a value, delta or ESTIMATE) here: a consistent check without a scan.</summary>
    public bool HasWriteBelow(int txIndex)
    {
        while (true)
        {
            int sequence = BeginRead();
            ReadOnlySpan<VersionedWrite> writes = Snapshot();
            bool any = writes.Length > 0 && writes[0].TxIndex < txIndex;
            if (ReadIsConsistent(sequence)) return any;
        }
    }

    /// <summary>Index of the last entry below <paramref name="txIndex"/> in <paramref name="writes"/>, or -1.</summary>
    public static int LastBefore(ReadOnlySpan<VersionedWrite> writes, int txIndex)
    {
        int lo = 0, hi = writes.Length - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            if (writes[mid].TxIndex < txIndex) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return found;
    }

    public bool BaseLoaded;
    public VersionedWrite Base;

    /// <summary>Index of the last write with a transaction index below <paramref name="txIndex"/>, or -1. Call between BeginWrite and EndWrite.</summary>
    public int LastBefore(int txIndex) => LastBefore(Entries, txIndex);

    /// <summary>The entries; for the list's writer (between BeginWrite and EndWrite) or after the block's workers finished.</summary>
    private Span<VersionedWrite> Entries => _writes is null ? MemoryMarshal.CreateSpan(ref _first, _count) : _writes.AsSpan(0, _count);

    public ref VersionedWrite At(int i) => ref Entries[i];

    public int Count => _count;

    public void Put(in VersionedWrite write)
    {
        int at = LastBefore(write.TxIndex + 1);
        Span<VersionedWrite> entries = Entries;
        if (at >= 0 && entries[at].TxIndex == write.TxIndex)
        {
            entries[at] = write;
            return;
        }
        int insert = at + 1;
        if (_writes is null && _count == 0)
        {
            _first = write;
            _count = 1;
            return;
        }
        // Grown into a new array that readers see complete: the release store publishes its contents with it.
        VersionedWrite[] target = _writes is { } array && _count < array.Length ? array : new VersionedWrite[Math.Max(4, _count * 2)];
        entries[insert..].CopyTo(target.AsSpan(insert + 1));
        if (!ReferenceEquals(target, _writes)) entries[..insert].CopyTo(target);
        target[insert] = write;
        if (!ReferenceEquals(target, _writes)) Volatile.Write(ref _writes, target);
        _count++;
    }

    public void Remove(int txIndex)
    {
        int at = LastBefore(txIndex + 1);
        Span<VersionedWrite> entries = Entries;
        if (at < 0 || entries[at].TxIndex != txIndex) return;
        entries[(at + 1)..].CopyTo(entries[at..]);
        _count--;
    }

    public void MarkEstimate(int txIndex)
    {
        int at = LastBefore(txIndex + 1);
        Span<VersionedWrite> entries = Entries;
        if (at >= 0 && entries[at].TxIndex == txIndex) entries[at].Kind = WriteKind.Estimate;
    }
}
