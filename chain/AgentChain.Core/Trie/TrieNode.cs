using AgentChain.Core.Crypto;
using AgentChain.Core.Rlp;

namespace AgentChain.Core.Trie;

/// <summary>A node of a <see cref="PatriciaTrie"/>; caches its RLP encoding until modified.</summary>
internal abstract class TrieNode
{
    private byte[]? _encoded;

    /// <summary>The node's RLP encoding (cached).</summary>
    public byte[] Encode() => _encoded ??= EncodeCore();

    public void Invalidate()
    {
        _encoded = null;
        Persisted = false;
    }

    /// <summary>Handed to a node sink (<see cref="PatriciaTrie.CollectNewNodes"/>) since it last changed.</summary>
    public bool Persisted { get; set; }

    protected abstract byte[] EncodeCore();

    /// <summary>
    /// How a parent refers to this node: its encoding itself when shorter than 32 bytes (inlined),
    /// otherwise the Keccak-256 of the encoding as a 32-byte string.
    /// </summary>
    public void WriteReference(RlpWriter writer)
    {
        byte[] encoded = Encode();
        if (encoded.Length < 32)
        {
            writer.WriteEncoded(encoded);
            return;
        }
        Span<byte> hash = stackalloc byte[32];
        Keccak256.Hash(encoded, hash);
        writer.WriteBytes(hash);
    }
}

internal sealed class LeafNode(byte[] path, byte[] value) : TrieNode
{
    public byte[] Path { get; } = path;
    public byte[] Value { get; set; } = value;

    protected override byte[] EncodeCore()
    {
        var writer = new RlpWriter(Path.Length / 2 + Value.Length + 8);
        int list = writer.BeginList();
        writer.WriteBytes(Nibbles.HexPrefix(Path, isLeaf: true));
        writer.WriteBytes(Value);
        writer.EndList(list);
        return writer.ToArray();
    }
}

internal sealed class ExtensionNode(byte[] path, TrieNode child) : TrieNode
{
    public byte[] Path { get; } = path;
    public TrieNode Child { get; set; } = child;

    protected override byte[] EncodeCore()
    {
        var writer = new RlpWriter(Path.Length / 2 + 40);
        int list = writer.BeginList();
        writer.WriteBytes(Nibbles.HexPrefix(Path, isLeaf: false));
        Child.WriteReference(writer);
        writer.EndList(list);
        return writer.ToArray();
    }
}

internal sealed class BranchNode : TrieNode
{
    public TrieNode?[] Children { get; } = new TrieNode?[16];
    public byte[]? Value { get; set; }

    protected override byte[] EncodeCore()
    {
        var writer = new RlpWriter(16 * 33 + 8);
        int list = writer.BeginList();
        foreach (TrieNode? child in Children)
        {
            if (child is null) writer.WriteBytes([]);
            else child.WriteReference(writer);
        }
        writer.WriteBytes(Value ?? []);
        writer.EndList(list);
        return writer.ToArray();
    }
}
