using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Core.Rlp;

/// <summary>
/// A strict, allocation-free RLP reader (Yellow Paper appendix B). Every encoding is required to be the
/// canonical one, as Ethereum clients require: a single byte below 0x80 must stand for itself, a length
/// of 55 or less must use the short form, long-form lengths have no leading zeros, an item never runs
/// past its enclosing list, and integers have no leading zero bytes. Anything else is an
/// <see cref="RlpException"/> naming the rule and the offset.
/// </summary>
public ref struct RlpReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _baseOffset;
    private int _position;

    public RlpReader(ReadOnlySpan<byte> data) : this(data, 0) { }

    private RlpReader(ReadOnlySpan<byte> data, int baseOffset)
    {
        _data = data;
        _baseOffset = baseOffset;
        _position = 0;
    }

    /// <summary>True while unread items remain at this level.</summary>
    public readonly bool HasMore => _position < _data.Length;

    /// <summary>Offset of the next item from the start of the outermost input.</summary>
    public readonly int Offset => _baseOffset + _position;

    /// <summary>Whether the next item is a list (without consuming it).</summary>
    public readonly bool PeekIsList
    {
        get
        {
            if (!HasMore) throw Error("expected an item but the input ended");
            return _data[_position] >= 0xC0;
        }
    }

    /// <summary>Reads a string item and returns its payload.</summary>
    public ReadOnlySpan<byte> ReadBytes()
    {
        ReadHeader(out bool isList, out int payloadStart, out int payloadLength, out _);
        if (isList) throw Error("expected a byte string but found a list", payloadStart);
        return _data.Slice(payloadStart, payloadLength);
    }

    /// <summary>Reads a list item and returns a reader over its payload.</summary>
    public RlpReader ReadList()
    {
        ReadHeader(out bool isList, out int payloadStart, out int payloadLength, out _);
        if (!isList) throw Error("expected a list but found a byte string", payloadStart);
        return new RlpReader(_data.Slice(payloadStart, payloadLength), _baseOffset + payloadStart);
    }

    /// <summary>Reads the next item whole (header and payload), e.g. to hash or store it unparsed.</summary>
    public ReadOnlySpan<byte> ReadEncodedItem()
    {
        int start = _position;
        ReadHeader(out _, out _, out _, out int itemEnd);
        return _data[start..itemEnd];
    }

    /// <summary>Skips the next item.</summary>
    public void SkipItem() => ReadHeader(out _, out _, out _, out _);

    /// <summary>Reads a canonical unsigned integer of at most 8 bytes (no leading zeros; zero is the empty string).</summary>
    public ulong ReadUInt64()
    {
        int start = Offset;
        ReadOnlySpan<byte> bytes = ReadBytes();
        CheckInteger(bytes, 8, "64-bit", start);
        ulong value = 0;
        foreach (byte b in bytes) value = (value << 8) | b;
        return value;
    }

    /// <summary>Reads a canonical unsigned integer of at most 32 bytes.</summary>
    public UInt256 ReadUInt256()
    {
        int start = Offset;
        ReadOnlySpan<byte> bytes = ReadBytes();
        CheckInteger(bytes, 32, "256-bit", start);
        return UInt256.FromBigEndian(bytes);
    }

    /// <summary>Reads exactly 20 bytes.</summary>
    public Address ReadAddress()
    {
        int start = Offset;
        ReadOnlySpan<byte> bytes = ReadBytes();
        if (bytes.Length != Address.Length) throw Error($"expected a 20-byte address, got {bytes.Length} bytes", start);
        return new Address(bytes);
    }

    /// <summary>Reads exactly 32 bytes.</summary>
    public Hash256 ReadHash()
    {
        int start = Offset;
        ReadOnlySpan<byte> bytes = ReadBytes();
        if (bytes.Length != Hash256.Length) throw Error($"expected a 32-byte hash, got {bytes.Length} bytes", start);
        return new Hash256(bytes);
    }

    /// <summary>Throws unless every byte at this level has been read.</summary>
    public readonly void EnsureEnd()
    {
        if (HasMore) throw Error($"{_data.Length - _position} unexpected trailing byte(s) after the last item");
    }

    private void ReadHeader(out bool isList, out int payloadStart, out int payloadLength, out int itemEnd)
    {
        if (!HasMore) throw Error("expected an item but the input ended");
        int start = _position;
        byte prefix = _data[start];
        if (prefix < 0x80)
        {
            isList = false;
            payloadStart = start;
            payloadLength = 1;
        }
        else if (prefix <= 0xB7)
        {
            isList = false;
            payloadStart = start + 1;
            payloadLength = prefix - 0x80;
            CheckFits(start, payloadStart, payloadLength);
            if (payloadLength == 1 && _data[payloadStart] < 0x80)
                throw Error($"single byte 0x{_data[payloadStart]:x2} below 0x80 must be encoded as itself, not with a 0x81 prefix", start);
        }
        else if (prefix <= 0xBF)
        {
            isList = false;
            payloadLength = ReadLongLength(start, prefix - 0xB7, out payloadStart);
        }
        else if (prefix <= 0xF7)
        {
            isList = true;
            payloadStart = start + 1;
            payloadLength = prefix - 0xC0;
            CheckFits(start, payloadStart, payloadLength);
        }
        else
        {
            isList = true;
            payloadLength = ReadLongLength(start, prefix - 0xF7, out payloadStart);
        }
        itemEnd = payloadStart + payloadLength;
        _position = itemEnd;
    }

    private readonly int ReadLongLength(int start, int lengthOfLength, out int payloadStart)
    {
        int lengthStart = start + 1;
        if (lengthStart + lengthOfLength > _data.Length)
            throw Error($"length-of-length {lengthOfLength} runs past the end of the input", start);
        ReadOnlySpan<byte> lengthBytes = _data.Slice(lengthStart, lengthOfLength);
        if (lengthBytes[0] == 0) throw Error("long-form length has a leading zero byte", start);
        if (lengthOfLength > 4) throw Error($"declared length needs {lengthOfLength} bytes and exceeds any input this reader accepts", start);
        long length = 0;
        foreach (byte b in lengthBytes) length = (length << 8) | b;
        if (length <= 55) throw Error($"length {length} must use the short form (long form is only for lengths above 55)", start);
        payloadStart = lengthStart + lengthOfLength;
        if (length > _data.Length - payloadStart)
            throw Error($"declared length {length} runs past the end of the input ({_data.Length - payloadStart} bytes left)", start);
        return (int)length;
    }

    private readonly void CheckFits(int start, int payloadStart, int payloadLength)
    {
        if (payloadLength > _data.Length - payloadStart)
            throw Error($"declared length {payloadLength} runs past the end of the input ({_data.Length - payloadStart} bytes left)", start);
    }

    private readonly void CheckInteger(ReadOnlySpan<byte> bytes, int maxBytes, string kind, int start)
    {
        if (bytes.Length > maxBytes) throw new RlpException($"integer of {bytes.Length} bytes does not fit in {kind}", start);
        if (bytes.Length > 0 && bytes[0] == 0) throw new RlpException("integer has a leading zero byte (zero is the empty string 0x80)", start);
    }

    private readonly RlpException Error(string message) => new(message, Offset);
    private readonly RlpException Error(string message, int localOffset) => new(message, _baseOffset + localOffset);
}
