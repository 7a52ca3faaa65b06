using AgentChain.Core.Crypto;
using AgentChain.Core.Rlp;
using AgentChain.Core.Types;

namespace AgentChain.Core.Trie;

/// <summary>
/// A node of a <see cref="PatriciaTrie"/>; caches its RLP encoding and, for encodings of 32 bytes or more, its hash,
/// until modified. A parent is re-encoded whenever one child changes; with the hashes cached, its unchanged children
/// are not hashed again (a branch has up to 16).
/// </summary>
internal abstract class TrieNode
{
    private byte[]? _encoded;
    private Hash256 _hash;
    private bool _hashed;

    /// <summary>The node's RLP encoding (cached).</summary>
    public byte[] Encode() => _encoded ??= EncodeCore();

    /// <summary>Keccak-256 of the encoding (cached).</summary>
    public Hash256 Hash()
    {
        if (!_hashed)
        {
            _hash = Keccak256.Hash(Encode());
            _hashed = true;
        }
        return _hash;
    }

    public void Invalidate()
    {
        _encoded = null;
        _hashed = false;
        Persisted = false;
    }

    /// <summary>Handed to a node sink (<see cref="PatriciaTrie.CollectNewNodes"/>) since it last changed.</summary>
    public bool Persisted { get; set; }

    protected abstract byte[] EncodeCore();

    /// <summary>The length of this node's reference in its parent's encoding (see <see cref="WriteReference(Span{byte})"/>).</summary>
    public int ReferenceLength
    {
        get
        {
            int length = Encode().Length;
            return length < 32 ? length : 33;
        }
    }

    /// <summary>
    /// How a parent refers to this node: its encoding itself when shorter than 32 bytes (inlined),
    /// otherwise the Keccak-256 of the encoding as a 32-byte string. Returns the bytes written.
    /// </summary>
    public int WriteReference(Span<byte> target)
    {
        byte[] encoded = Encode();
        if (encoded.Length < 32)
        {
            encoded.CopyTo(target);
            return encoded.Length;
        }
        target[0] = 0x80 + 32;
        Hash().Bytes.CopyTo(target[1..]);
        return 33;
    }

    /// <summary>The list [hex-prefix(path), second] where second is already RLP (a reference) or raw bytes to wrap as a string.</summary>
    protected static byte[] EncodePair(ReadOnlySpan<byte> path, bool isLeaf, ReadOnlySpan<byte> valueBytes, TrieNode? child)
    {
        int pathLength = path.Length / 2 + 1;
        Span<byte> compact = stackalloc byte[pathLength];
        WriteHexPrefix(path, isLeaf, compact);
        int second = child is null ? RlpWriter.StringLength(valueBytes) : child.ReferenceLength;
        int payload = RlpWriter.StringLength(compact) + second;
        var encoded = new byte[RlpWriter.HeaderLength(payload) + payload];
        int at = RlpWriter.WriteHeader(encoded, 0xc0, payload);
        at += RlpWriter.WriteString(encoded.AsSpan(at), compact);
        if (child is null) RlpWriter.WriteString(encoded.AsSpan(at), valueBytes);
        else child.WriteReference(encoded.AsSpan(at));
        return encoded;
    }

    /// <summary>
    /// Hex-prefix encoding: the first nibble carries two flags (bit 1: leaf, bit 0: odd length); an odd path puts
    /// its first nibble beside the flags, an even one pads with a zero nibble.
    /// </summary>
    private static void WriteHexPrefix(ReadOnlySpan<byte> path, bool isLeaf, Span<byte> target)
    {
        bool odd = (path.Length & 1) != 0;
        int flags = (isLeaf ? 2 : 0) | (odd ? 1 : 0);
        int index = odd ? 1 : 0;
        target[0] = (byte)((flags << 4) | (odd ? path[0] : 0));
        for (int i = 1; index < path.Length; i++, index += 2)
            target[i] = (byte)((path[index] << 4) | path[index + 1]);
    }
}

internal sealed class LeafNode(byte[] path, byte[] value) : TrieNode
{
    public byte[] Path { get; } = path;
    public byte[] Value { get; set; } = value;

    protected override byte[] EncodeCore() => EncodePair(Path, isLeaf: true, Value, null);
}

internal sealed class ExtensionNode(byte[] path, TrieNode child) : TrieNode
{
    public byte[] Path { get; } = path;
    public TrieNode Child { get; set; } = child;

    protected override byte[] EncodeCore() => EncodePair(Path, isLeaf: false, [], Child);
}

internal sealed class BranchNode : TrieNode
{
    public TrieNode?[] Children { get; } = new TrieNode?[16];
    public byte[]? Value { get; set; }

    protected override byte[] EncodeCore()
    {
        byte[] value = Value ?? [];
        int payload = RlpWriter.StringLength(value);
        foreach (TrieNode? child in Children) payload += child is null ? 1 : child.ReferenceLength;
        var encoded = new byte[RlpWriter.HeaderLength(payload) + payload];
        int at = RlpWriter.WriteHeader(encoded, 0xc0, payload);
        foreach (TrieNode? child in Children)
        {
            if (child is null) encoded[at++] = 0x80;
            else at += child.WriteReference(encoded.AsSpan(at));
        }
        RlpWriter.WriteString(encoded.AsSpan(at), value);
        return encoded;
    }
}
