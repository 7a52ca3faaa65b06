using System.Runtime.InteropServices;

namespace AgentChain.Execution.Parallel;

/// <summary>
/// A map for the handful of entries one incarnation touches (the accounts and slots it read, the accounts its commit
/// wrote): entries in a list, in the order they were added, found by a scan; past <see cref="ScanLimit"/> entries a
/// dictionary index takes over. A transfer reads two accounts and writes two, and per-incarnation dictionaries cost
/// hash inserts and lookups on every transaction for what a scan of two entries does. A worker reuses its maps from
/// one incarnation to the next (<see cref="Clear"/> keeps their capacity).
/// </summary>
internal sealed class ScannedMap<TKey, TValue> where TKey : IEquatable<TKey>
{
    private const int ScanLimit = 8;
    private readonly List<(TKey Key, TValue Value)> _entries = [];
    private readonly Dictionary<TKey, int> _index = [];

    /// <summary>The entries, in the order they were added.</summary>
    public ReadOnlySpan<(TKey Key, TValue Value)> Entries => CollectionsMarshal.AsSpan(_entries);

    public int Count => _entries.Count;

    /// <summary>The entry's position in <see cref="Entries"/>, or -1.</summary>
    public int IndexOf(in TKey key)
    {
        if (_entries.Count > ScanLimit) return _index.TryGetValue(key, out int indexed) ? indexed : -1;
        ReadOnlySpan<(TKey Key, TValue Value)> entries = Entries;
        for (int i = 0; i < entries.Length; i++)
            if (entries[i].Key.Equals(key)) return i;
        return -1;
    }

    public bool TryGetValue(in TKey key, out TValue value)
    {
        int at = IndexOf(key);
        value = at >= 0 ? Entries[at].Value : default!;
        return at >= 0;
    }

    /// <summary>Adds an entry for a key not in the map.</summary>
    public void Add(in TKey key, TValue value)
    {
        _entries.Add((key, value));
        if (_entries.Count <= ScanLimit) return;
        if (_index.Count == 0)
        {
            ReadOnlySpan<(TKey Key, TValue Value)> entries = Entries;
            for (int i = 0; i < entries.Length; i++) _index[entries[i].Key] = i;
        }
        else _index[key] = _entries.Count - 1;
    }

    public void Clear()
    {
        _entries.Clear();
        _index.Clear();
    }
}
