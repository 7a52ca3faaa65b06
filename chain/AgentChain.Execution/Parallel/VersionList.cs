namespace AgentChain.Execution.Parallel;

/// <summary>
/// The writes to one location, sorted by transaction index, and the location's value in the parent state (loaded
/// once). Guarded by its own lock: locations are independent, so contention is only on genuinely shared ones.
/// </summary>
internal sealed class VersionList
{
    private VersionedWrite[] _writes = new VersionedWrite[2];
    private int _count;

    public bool BaseLoaded;
    public VersionedWrite Base;

    /// <summary>Index of the last write with a transaction index below <paramref name="txIndex"/>, or -1. Call under the lock.</summary>
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
