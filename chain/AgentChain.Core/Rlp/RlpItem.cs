namespace AgentChain.Core.Rlp;

/// <summary>
/// A decoded RLP tree, for code that does not know the shape in advance (conformance tests, debugging,
/// trie nodes). Hot paths use <see cref="RlpReader"/> directly instead.
/// </summary>
public sealed class RlpItem
{
    /// <summary>Nesting deeper than this is rejected rather than risking the stack on hostile input.</summary>
    public const int MaxDepth = 1024;

    private RlpItem(byte[]? bytes, IReadOnlyList<RlpItem>? items)
    {
        _bytes = bytes;
        _items = items;
    }

    private readonly byte[]? _bytes;
    private readonly IReadOnlyList<RlpItem>? _items;

    public bool IsList => _items is not null;

    /// <summary>The payload of a string item.</summary>
    public byte[] Bytes => _bytes ?? throw new InvalidOperationException("this RLP item is a list, not a byte string");

    /// <summary>The children of a list item.</summary>
    public IReadOnlyList<RlpItem> Items => _items ?? throw new InvalidOperationException("this RLP item is a byte string, not a list");

    public static RlpItem String(byte[] bytes) => new(bytes, null);
    public static RlpItem List(params RlpItem[] items) => new(null, items);

    /// <summary>Decodes exactly one item that spans the whole input.</summary>
    public static RlpItem Decode(ReadOnlySpan<byte> encoded)
    {
        var reader = new RlpReader(encoded);
        RlpItem item = Read(ref reader, 0);
        reader.EnsureEnd();
        return item;
    }

    private static RlpItem Read(ref RlpReader reader, int depth)
    {
        if (depth > MaxDepth) throw new RlpException($"lists nested deeper than {MaxDepth}", reader.Offset);
        if (!reader.PeekIsList) return String(reader.ReadBytes().ToArray());
        RlpReader list = reader.ReadList();
        var items = new List<RlpItem>();
        while (list.HasMore) items.Add(Read(ref list, depth + 1));
        return new RlpItem(null, items);
    }

    public byte[] Encode()
    {
        var writer = new RlpWriter();
        Write(writer);
        return writer.ToArray();
    }

    public void Write(RlpWriter writer)
    {
        if (_bytes is not null)
        {
            writer.WriteBytes(_bytes);
            return;
        }
        int token = writer.BeginList();
        foreach (RlpItem item in _items!) item.Write(writer);
        writer.EndList(token);
    }
}
