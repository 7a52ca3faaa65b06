using AgentChain.Core.Rlp;
using AgentChain.Core.Types;

namespace AgentChain.Node.Storage;

/// <summary>
/// A Merkle proof read from the stored trie nodes (EIP-1186): the nodes from the root to where the key's path ends,
/// in order, each referenced by hash (nodes under 32 bytes sit inside their parent's encoding), and the value found
/// there (null when the key is absent; the proof then shows its absence).
/// </summary>
public sealed record StoredTrieProof(IReadOnlyList<byte[]> Nodes, byte[]? Value)
{
    /// <summary>Walks <paramref name="key"/> (already hashed for a secure trie) down from <paramref name="root"/> through the store's nodes.</summary>
    public static StoredTrieProof Build(IChainStore store, Hash256 root, ReadOnlySpan<byte> key)
    {
        var nodes = new List<byte[]>();
        // The empty trie's root is keccak(RLP("")): proving against it takes that one byte, as anvil/reth answer,
        // so a verifier can check every proof the same way (hash of the first node = root).
        if (root == Hash256.EmptyTrieRoot) return new StoredTrieProof([EmptyTrieNode], null);
        byte[] path = ToNibbles(key);
        int offset = 0;
        byte[] node = Load(store, root);
        nodes.Add(node);
        while (true)
        {
            var items = Items(node);
            byte[] child;
            if (items.Count == 17)
            {
                if (offset == path.Length) return new StoredTrieProof(nodes, items[16].Length > 0 ? items[16] : null);
                child = items[path[offset++]];
            }
            else if (items.Count == 2)
            {
                (byte[] nodePath, bool isLeaf) = DecodeHexPrefix(items[0]);
                ReadOnlySpan<byte> rest = path.AsSpan(offset);
                if (isLeaf) return new StoredTrieProof(nodes, rest.SequenceEqual(nodePath) ? items[1] : null);
                if (!rest.StartsWith(nodePath)) return new StoredTrieProof(nodes, null);
                offset += nodePath.Length;
                child = items[1];
            }
            else
            {
                throw new InvalidOperationException($"stored trie node with {items.Count} items under root {root}: the node store is corrupt");
            }
            if (child.Length == 0) return new StoredTrieProof(nodes, null);
            // A reference is a 32-byte hash; an inline node is an embedded list of fewer than 32 bytes (a hash may
            // start with any byte, so the length decides).
            if (child.Length != 32)
            {
                if (child[0] < 0xC0) throw new InvalidOperationException($"stored trie node refers to a {child.Length}-byte child under root {root}: the node store is corrupt");
                node = child; // already part of its parent's encoding
                continue;
            }
            node = Load(store, new Hash256(child));
            nodes.Add(node);
        }
    }

    private static readonly byte[] EmptyTrieNode = [0x80];

    private static byte[] Load(IChainStore store, Hash256 hash) =>
        store.GetTrieNode(hash) ?? throw new StateUnavailableException($"trie node {hash} is not stored (the state of this block predates stored trie nodes)");

    /// <summary>The node's items: byte strings as their payload, embedded lists (inline children) whole.</summary>
    private static List<byte[]> Items(byte[] node)
    {
        var reader = new RlpReader(node);
        RlpReader list = reader.ReadList();
        var items = new List<byte[]>(17);
        while (list.HasMore) items.Add(list.PeekIsList ? list.ReadEncodedItem().ToArray() : list.ReadBytes().ToArray());
        return items;
    }

    private static byte[] ToNibbles(ReadOnlySpan<byte> bytes)
    {
        var nibbles = new byte[bytes.Length * 2];
        for (int i = 0; i < bytes.Length; i++) (nibbles[2 * i], nibbles[2 * i + 1]) = ((byte)(bytes[i] >> 4), (byte)(bytes[i] & 0x0f));
        return nibbles;
    }

    /// <summary>Hex-prefix decoding (Yellow Paper appendix C): flag nibble 2 marks a leaf, 1 an odd-length path.</summary>
    private static (byte[] Path, bool IsLeaf) DecodeHexPrefix(byte[] encoded)
    {
        byte[] nibbles = ToNibbles(encoded);
        bool isLeaf = (nibbles[0] & 2) != 0;
        bool odd = (nibbles[0] & 1) != 0;
        return (nibbles[(odd ? 1 : 2)..], isLeaf);
    }
}
