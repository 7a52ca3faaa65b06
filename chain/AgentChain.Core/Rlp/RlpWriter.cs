using System.Buffers.Binary;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Core.Rlp;

/// <summary>
/// Builds canonical RLP into a growable buffer. Lists are written in place: <see cref="BeginList"/> reserves
/// room for the longest header, <see cref="EndList"/> writes the real one and closes the gap, so callers
/// never compute payload lengths by hand.
/// <code>
/// var w = new RlpWriter();
/// int list = w.BeginList(); w.WriteUInt64(nonce); w.WriteBytes(data); w.EndList(list);
/// byte[] encoded = w.ToArray();
/// </code>
/// </summary>
public sealed class RlpWriter
{
    private const int MaxHeaderLength = 9;
    private byte[] _buffer;
    private int _length;
    private int _openLists;

    public RlpWriter(int initialCapacity = 256) => _buffer = new byte[Math.Max(initialCapacity, 16)];

    /// <summary>The bytes written so far (valid until the next write).</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public int Length => _length;

    /// <summary>Discards everything written, keeping the buffer.</summary>
    public void Reset()
    {
        _length = 0;
        _openLists = 0;
    }

    public byte[] ToArray()
    {
        if (_openLists != 0) throw new InvalidOperationException($"{_openLists} list(s) begun but not ended");
        return Written.ToArray();
    }

    /// <summary>Writes a byte string.</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes) => WriteString(Grow(StringLength(bytes)), bytes);

    /// <summary>Writes an unsigned integer in its minimal big-endian form (zero is the empty string).</summary>
    public void WriteUInt64(ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        WriteBytes(bytes[(8 - BitLengthBytes(value))..]);
    }

    public void WriteUInt256(in UInt256 value)
    {
        Span<byte> bytes = stackalloc byte[32];
        int n = value.WriteMinimalBigEndian(bytes);
        WriteBytes(bytes[..n]);
    }

    public void WriteAddress(Address address) => WriteBytes(address.Bytes);

    public void WriteHash(Hash256 hash) => WriteBytes(hash.Bytes);

    /// <summary>Copies an item that is already RLP (it is not re-validated).</summary>
    public void WriteEncoded(ReadOnlySpan<byte> encodedItem) => encodedItem.CopyTo(Grow(encodedItem.Length));

    /// <summary>Starts a list; pass the returned token to <see cref="EndList"/>.</summary>
    public int BeginList()
    {
        int token = _length;
        Grow(MaxHeaderLength);
        _openLists++;
        return token;
    }

    /// <summary>Ends the list started at <paramref name="token"/>, writing its canonical header.</summary>
    public void EndList(int token)
    {
        if (_openLists == 0 || token < 0 || token + MaxHeaderLength > _length)
            throw new InvalidOperationException("EndList without a matching BeginList");
        int payloadStart = token + MaxHeaderLength;
        int payloadLength = _length - payloadStart;
        int header = HeaderLength(payloadLength);
        WriteHeader(_buffer.AsSpan(token), 0xC0, payloadLength);
        Buffer.BlockCopy(_buffer, payloadStart, _buffer, token + header, payloadLength);
        _length -= MaxHeaderLength - header;
        _openLists--;
    }

    /// <summary>RLP of a byte string, in one call.</summary>
    public static byte[] EncodeBytes(ReadOnlySpan<byte> bytes)
    {
        var writer = new RlpWriter(bytes.Length + MaxHeaderLength);
        writer.WriteBytes(bytes);
        return writer.ToArray();
    }

    /// <summary>Length of the header for a payload of <paramref name="payloadLength"/> bytes (string or list).</summary>
    public static int HeaderLength(int payloadLength) => payloadLength <= 55 ? 1 : 1 + BitLengthBytes((ulong)payloadLength);

    /// <summary>The length of the RLP of byte string <paramref name="bytes"/>: a single byte below 0x80 is its own encoding.</summary>
    public static int StringLength(ReadOnlySpan<byte> bytes) => bytes.Length == 1 && bytes[0] < 0x80 ? 1 : HeaderLength(bytes.Length) + bytes.Length;

    /// <summary>Writes the RLP of byte string <paramref name="bytes"/> at the start of <paramref name="target"/>; returns its length.</summary>
    public static int WriteString(Span<byte> target, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 1 && bytes[0] < 0x80)
        {
            target[0] = bytes[0];
            return 1;
        }
        int header = WriteHeader(target, 0x80, bytes.Length);
        bytes.CopyTo(target[header..]);
        return header + bytes.Length;
    }

    /// <summary>Writes a header (string base 0x80, list base 0xC0) for a payload of <paramref name="payloadLength"/> bytes; returns its length.</summary>
    public static int WriteHeader(Span<byte> target, byte shortBase, int payloadLength)
    {
        if (payloadLength <= 55)
        {
            target[0] = (byte)(shortBase + payloadLength);
            return 1;
        }
        int lengthOfLength = BitLengthBytes((ulong)payloadLength);
        target[0] = (byte)(shortBase + 55 + lengthOfLength);
        for (int i = lengthOfLength; i >= 1; i--)
        {
            target[i] = (byte)payloadLength;
            payloadLength >>= 8;
        }
        return 1 + lengthOfLength;
    }

    private static int BitLengthBytes(ulong value) => (64 - System.Numerics.BitOperations.LeadingZeroCount(value) + 7) >> 3;

    private Span<byte> Grow(int count)
    {
        if (_length + count > _buffer.Length)
        {
            int capacity = Math.Max(_buffer.Length * 2, _length + count);
            Array.Resize(ref _buffer, capacity);
        }
        Span<byte> span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
