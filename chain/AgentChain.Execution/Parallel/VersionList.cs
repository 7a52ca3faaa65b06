namespace AgentChain.Execution.Parallel;

/// <summary>
/// The writes to one location, sorted by transaction index, and the location's value in the parent state (loaded
/// when the list is created). A sequence counter is both the writers' lock and the readers' check (a seqlock):
/// a writer makes it odd with one compare-and-swap and even again with a plain release store; readers take no lock
/// and retry a scan that overlapped a write. One interlocked operation per write replaced a monitor enter/exit plus
/// two interlocked increments: every transaction records a few writes, so this is on every transaction's path.
/// </summary>
internal sealed class VersionList
{
    // Most locations get one write per block (each ETH or ERC-20 transfer writes its own); contended ones grow by doubling.
    private VersionedWrite[] _writes = new VersionedWrite[1];
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
        VersionedWrite[] writes = Volatile.Read(ref _writes);
        return writes.AsSpan(0, Math.Min(Volatile.Read(ref _count), writes.Length));
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
    public int LastBefore(int txIndex)
    {
        int lo = 0, hi = _count - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            if (_writes[mid].TxIndex < txIndex) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return found;
    }

    public ref VersionedWrite At(int i) => ref _writes[i];

    public int Count => _count;

    public void Put(in VersionedWrite write)
    {
        int at = LastBefore(write.TxIndex + 1);
        if (at >= 0 && _writes[at].TxIndex == write.TxIndex)
        {
            _writes[at] = write;
            return;
        }
        if (_count == _writes.Length) Array.Resize(ref _writes, _count * 2);
        int insert = at + 1;
        Array.Copy(_writes, insert, _writes, insert + 1, _count - insert);
        _writes[insert] = write;
        _count++;
    }

    public void Remove(int txIndex)
    {
        int at = LastBefore(txIndex + 1);
        if (at < 0 || _writes[at].TxIndex != txIndex) return;
        Array.Copy(_writes, at + 1, _writes, at, _count - at - 1);
        _count--;
    }

    public void MarkEstimate(int txIndex)
    {
        int at = LastBefore(txIndex + 1);
        if (at >= 0 && _writes[at].TxIndex == txIndex) _writes[at].Kind = WriteKind.Estimate;
    }
}
