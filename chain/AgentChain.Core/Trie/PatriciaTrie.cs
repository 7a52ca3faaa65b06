using AgentChain.Core.Crypto;
using AgentChain.Core.Rlp;
using AgentChain.Core.Types;

namespace AgentChain.Core.Trie;

/// <summary>
/// An in-memory Merkle-Patricia trie (Yellow Paper appendix D): leaf, extension and branch nodes over
/// 4-bit nibble paths, hex-prefix encoded, with children of fewer than 32 encoded bytes inlined in
/// their parent and larger ones referenced by Keccak-256. Each node caches its encoding, so computing
/// the root after a batch of updates re-hashes only the nodes on changed paths.
/// Setting an empty value deletes the key, as in Ethereum's tries.
/// </summary>
public sealed class PatriciaTrie
{
    private TrieNode? _root;

    /// <summary>Number of keys stored.</summary>
    public int Count { get; private set; }

    /// <summary>Inserts or replaces <paramref name="key"/>; an empty value removes it.</summary>
    public void Set(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            Delete(key);
            return;
        }
        byte[] nibbles = Nibbles.FromBytes(key);
        bool added = false;
        _root = Insert(_root, nibbles, 0, value.ToArray(), ref added);
        if (added) Count++;
    }

    /// <summary>Removes <paramref name="key"/>; returns whether it was present.</summary>
    public bool Delete(ReadOnlySpan<byte> key)
    {
        byte[] nibbles = Nibbles.FromBytes(key);
        bool removed = false;
        _root = Remove(_root, nibbles, 0, ref removed);
        if (removed) Count--;
        return removed;
    }

    /// <summary>The value stored at <paramref name="key"/>, or null.</summary>
    public byte[]? Get(ReadOnlySpan<byte> key)
    {
        byte[] nibbles = Nibbles.FromBytes(key);
        TrieNode? node = _root;
        int offset = 0;
        while (node is not null)
        {
            switch (node)
            {
                case LeafNode leaf:
                    return Nibbles.Equal(leaf.Path, nibbles.AsSpan(offset)) ? leaf.Value : null;
                case ExtensionNode extension:
                    if (!nibbles.AsSpan(offset).StartsWith(extension.Path)) return null;
                    offset += extension.Path.Length;
                    node = extension.Child;
                    break;
                case BranchNode branch:
                    if (offset == nibbles.Length) return branch.Value;
                    node = branch.Children[nibbles[offset++]];
                    break;
            }
        }
        return null;
    }

    /// <summary>Keccak-256 of the root node's encoding; <see cref="Hash256.EmptyTrieRoot"/> when empty.</summary>
    public Hash256 RootHash => _root is null ? Hash256.EmptyTrieRoot : _root.Hash();

    /// <summary>
    /// Hands <paramref name="sink"/> every node that a database must hold to resolve this trie from its root hash
    /// and that it has not been handed before: nodes referenced by hash (encodings of 32 bytes or more) and the
    /// root. Changing a key invalidates exactly the nodes on its path, so after a batch of updates only those are
    /// visited and handed over — what a node store writes per block.
    /// </summary>
    public void CollectNewNodes(Action<Hash256, byte[]> sink)
    {
        if (_root is null) return;
        Collect(_root, sink, isRoot: true);

        static void Collect(TrieNode node, Action<Hash256, byte[]> sink, bool isRoot)
        {
            if (node.Persisted) return;
            switch (node)
            {
                case ExtensionNode extension:
                    Collect(extension.Child, sink, false);
                    break;
                case BranchNode branch:
                    foreach (TrieNode? child in branch.Children)
                        if (child is not null) Collect(child, sink, false);
                    break;
            }
            byte[] encoded = node.Encode();
            // Nodes under 32 bytes live inside their parent's encoding; only the root is stored on its own regardless.
            if (isRoot || encoded.Length >= 32) sink(node.Hash(), encoded);
            node.Persisted = true;
        }
    }

    /// <summary>All entries in key order (byte-lexicographic, which is nibble order).</summary>
    public IEnumerable<KeyValuePair<byte[], byte[]>> Entries()
    {
        var results = new List<KeyValuePair<byte[], byte[]>>(Count);
        Collect(_root, new List<byte>(), results);
        return results;
    }

    /// <summary>The smallest key strictly greater than <paramref name="key"/>, or null.</summary>
    public byte[]? NextKey(ReadOnlySpan<byte> key)
    {
        foreach (var entry in Entries())
            if (entry.Key.AsSpan().SequenceCompareTo(key) > 0) return entry.Key;
        return null;
    }

    /// <summary>The largest key strictly smaller than <paramref name="key"/>, or null.</summary>
    public byte[]? PreviousKey(ReadOnlySpan<byte> key)
    {
        byte[]? previous = null;
        foreach (var entry in Entries())
        {
            if (entry.Key.AsSpan().SequenceCompareTo(key) >= 0) break;
            previous = entry.Key;
        }
        return previous;
    }

    /// <summary>Root of a trie built from the given entries (e.g. transactions or receipts keyed by RLP(index)).</summary>
    public static Hash256 ComputeRoot(IEnumerable<KeyValuePair<byte[], byte[]>> entries)
    {
        var trie = new PatriciaTrie();
        foreach (var (key, value) in entries) trie.Set(key, value);
        return trie.RootHash;
    }

    /// <summary>Root of an ordered list trie: item i is stored under RLP(i), as for transactions, receipts and withdrawals.</summary>
    public static Hash256 ComputeOrderedRoot(IReadOnlyList<byte[]> items)
    {
        var trie = new PatriciaTrie();
        var key = new RlpWriter(8);
        for (int i = 0; i < items.Count; i++)
        {
            key.Reset();
            key.WriteUInt64((ulong)i);
            trie.Set(key.Written, items[i]);
        }
        return trie.RootHash;
    }

    private static TrieNode Insert(TrieNode? node, byte[] key, int offset, byte[] value, ref bool added)
    {
        ReadOnlySpan<byte> rest = key.AsSpan(offset);
        switch (node)
        {
            case null:
                added = true;
                return new LeafNode(rest.ToArray(), value);

            case LeafNode leaf:
            {
                int common = Nibbles.CommonPrefix(leaf.Path, rest);
                if (common == leaf.Path.Length && common == rest.Length)
                {
                    leaf.Value = value;
                    leaf.Invalidate();
                    return leaf;
                }
                added = true;
                var branch = new BranchNode();
                Attach(branch, leaf.Path.AsSpan(common), leaf.Value);
                Attach(branch, rest[common..], value);
                return common == 0 ? branch : new ExtensionNode(rest[..common].ToArray(), branch);
            }

            case ExtensionNode extension:
            {
                int common = Nibbles.CommonPrefix(extension.Path, rest);
                if (common == extension.Path.Length)
                {
                    extension.Child = Insert(extension.Child, key, offset + common, value, ref added);
                    extension.Invalidate();
                    return extension;
                }
                added = true;
                var branch = new BranchNode();
                ReadOnlySpan<byte> extensionRest = extension.Path.AsSpan(common);
                branch.Children[extensionRest[0]] = extensionRest.Length == 1
                    ? extension.Child
                    : new ExtensionNode(extensionRest[1..].ToArray(), extension.Child);
                Attach(branch, rest[common..], value);
                return common == 0 ? branch : new ExtensionNode(rest[..common].ToArray(), branch);
            }

            case BranchNode branch:
            {
                if (rest.IsEmpty)
                {
                    added = branch.Value is null;
                    branch.Value = value;
                }
                else
                {
                    branch.Children[rest[0]] = Insert(branch.Children[rest[0]], key, offset + 1, value, ref added);
                }
                branch.Invalidate();
                return branch;
            }

            default:
                throw new InvalidOperationException($"unknown trie node type {node.GetType().Name}");
        }
    }

    /// <summary>Places a value below a fresh branch: in its value slot if the path ends here, else in a leaf under the next nibble.</summary>
    private static void Attach(BranchNode branch, ReadOnlySpan<byte> path, byte[] value)
    {
        if (path.IsEmpty) branch.Value = value;
        else branch.Children[path[0]] = new LeafNode(path[1..].ToArray(), value);
    }

    private static TrieNode? Remove(TrieNode? node, byte[] key, int offset, ref bool removed)
    {
        ReadOnlySpan<byte> rest = key.AsSpan(offset);
        switch (node)
        {
            case null:
                return null;

            case LeafNode leaf:
                if (!Nibbles.Equal(leaf.Path, rest)) return leaf;
                removed = true;
                return null;

            case ExtensionNode extension:
            {
                if (!rest.StartsWith(extension.Path)) return extension;
                TrieNode? child = Remove(extension.Child, key, offset + extension.Path.Length, ref removed);
                if (!removed) return extension;
                // A branch below an extension always keeps at least one entry, but a collapsed branch may
                // have become a leaf or extension, which must merge into this extension's path.
                return child switch
                {
                    null => null,
                    LeafNode l => new LeafNode(Nibbles.Concat(extension.Path, l.Path), l.Value),
                    ExtensionNode e => new ExtensionNode(Nibbles.Concat(extension.Path, e.Path), e.Child),
                    _ => Relink(extension, child),
                };
            }

            case BranchNode branch:
            {
                if (rest.IsEmpty)
                {
                    if (branch.Value is null) return branch;
                    branch.Value = null;
                    removed = true;
                }
                else
                {
                    TrieNode? child = branch.Children[rest[0]];
                    TrieNode? updated = Remove(child, key, offset + 1, ref removed);
                    if (!removed) return branch;
                    branch.Children[rest[0]] = updated;
                }
                branch.Invalidate();
                return Collapse(branch);
            }

            default:
                throw new InvalidOperationException($"unknown trie node type {node.GetType().Name}");
        }
    }

    private static ExtensionNode Relink(ExtensionNode extension, TrieNode child)
    {
        extension.Child = child;
        extension.Invalidate();
        return extension;
    }

    /// <summary>A branch left with a single entry is not canonical: fold it into a leaf or extension.</summary>
    private static TrieNode? Collapse(BranchNode branch)
    {
        int only = -1;
        for (int i = 0; i < 16; i++)
        {
            if (branch.Children[i] is null) continue;
            if (only >= 0) return branch;
            only = i;
        }
        if (only < 0) return branch.Value is null ? null : new LeafNode([], branch.Value);
        if (branch.Value is not null) return branch;
        byte nibble = (byte)only;
        return branch.Children[only] switch
        {
            LeafNode l => new LeafNode(Nibbles.Concat([nibble], l.Path), l.Value),
            ExtensionNode e => new ExtensionNode(Nibbles.Concat([nibble], e.Path), e.Child),
            var b => new ExtensionNode([nibble], b!),
        };
    }

    private static void Collect(TrieNode? node, List<byte> path, List<KeyValuePair<byte[], byte[]>> results)
    {
        switch (node)
        {
            case null:
                return;
            case LeafNode leaf:
                results.Add(new(Nibbles.ToBytes([.. path, .. leaf.Path]), leaf.Value));
                return;
            case ExtensionNode extension:
                path.AddRange(extension.Path);
                Collect(extension.Child, path, results);
                path.RemoveRange(path.Count - extension.Path.Length, extension.Path.Length);
                return;
            case BranchNode branch:
                if (branch.Value is not null) results.Add(new(Nibbles.ToBytes([.. path]), branch.Value));
                for (int i = 0; i < 16; i++)
                {
                    if (branch.Children[i] is null) continue;
                    path.Add((byte)i);
                    Collect(branch.Children[i], path, results);
                    path.RemoveAt(path.Count - 1);
                }
                return;
        }
    }
}
