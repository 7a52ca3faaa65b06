using System.Numerics;
using System.Text;
using AgentChain.Core.Encoding;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Core.Abi;

/// <summary>
/// Strict, bounded ABI decoding of untrusted bytes (calldata from anyone, return data and logs from any contract).
/// <list type="bullet">
/// <item>Every offset and length is compared with the bytes actually present, as a 256-bit number, before it is
/// used; nothing is allocated from a length until that length is known to fit in the input.</item>
/// <item>Padding must be zero: above uint&lt;M&gt;/address/bool values, below bytes&lt;M&gt;, after bytes/string
/// contents (which must be present in full); int&lt;M&gt; must be sign-extended; bool must be 0 or 1; strings must
/// be valid UTF-8.</item>
/// <item>Offsets may point anywhere inside the enclosing block (Solidity's decoder does not enforce strict
/// mode either), so one region can be referenced many times. To keep such aliasing from inflating a small input
/// into a huge object graph, decoding has a budget of values and content words proportional to the input size
/// (<see cref="BudgetFor"/>); canonical encodings stay far inside it.</item>
/// <item>Recursion follows the type, whose depth <see cref="AbiType"/> already caps, never the data.</item>
/// <item>Bytes after the encoded values are ignored (calldata may carry appended context such as an ERC-2771 sender).</item>
/// </list>
/// </summary>
internal ref struct AbiDecoder
{
    private readonly ReadOnlySpan<byte> _data;
    private long _budget;

    private AbiDecoder(ReadOnlySpan<byte> data)
    {
        _data = data;
        _budget = BudgetFor(data.Length);
    }

    /// <summary>Values plus 32-byte content words decoding may produce: twice the input's byte count, plus slack for empty values.</summary>
    internal static long BudgetFor(int dataLength) => 2L * dataLength + 4096;

    internal static object?[] Decode(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data, IReadOnlyList<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(types);
        var decoder = new AbiDecoder(data);
        long heads = 0;
        foreach (AbiType t in types) heads += t.HeadSize;
        return decoder.DecodeSequence(types, null, types.Count, heads, 0, names);
    }

    /// <summary>Decodes a value type from one 32-byte word (an event topic), with the same strictness as in data.</summary>
    internal static object DecodeWord(AbiType type, ReadOnlySpan<byte> word)
    {
        var decoder = new AbiDecoder(word);
        return decoder.DecodeStatic(type, 0);
    }

    private object?[] DecodeSequence(IReadOnlyList<AbiType>? components, AbiType? element, int count, long headSize, int start,
        IReadOnlyList<string>? names)
    {
        if (headSize > _data.Length - start)
            throw new AbiException(
                $"data too short: {Describe(components, element, count)} needs {headSize} bytes at byte {start}, but only {_data.Length - start} remain");
        Charge(count);
        var values = new object?[count];
        int head = start;
        for (int i = 0; i < count; i++)
        {
            AbiType type = element ?? components![i];
            try
            {
                if (type.IsDynamic)
                {
                    UInt256 offset = UInt256.FromBigEndian(_data.Slice(head, 32));
                    if (offset > (ulong)(_data.Length - start))
                        throw new AbiException(
                            $"offset {offset} (in the word at byte {head}) points past the end of the data ({_data.Length} bytes, block starts at byte {start})");
                    values[i] = DecodeDynamic(type, start + (int)offset.U0);
                }
                else
                {
                    values[i] = DecodeStatic(type, head);
                }
            }
            catch (AbiException e)
            {
                throw e.Within(AbiEncoder.Segment(i, element is null, names));
            }
            head += type.HeadSize;
        }
        return values;
    }

    private static string Describe(IReadOnlyList<AbiType>? components, AbiType? element, int count) =>
        element is not null ? $"{count} × {element}" : "(" + string.Join(",", components!) + ")";

    private object? DecodeDynamic(AbiType type, int position)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.Bytes:
                return ReadLengthPrefixed(type, position).ToArray();
            case AbiTypeKind.String:
            {
                ReadOnlySpan<byte> utf8 = ReadLengthPrefixed(type, position);
                try
                {
                    return AbiEncoder.StrictUtf8.GetString(utf8);
                }
                catch (DecoderFallbackException e)
                {
                    throw new AbiException($"string at byte {position} is not valid UTF-8", e);
                }
            }
            case AbiTypeKind.DynamicArray:
            {
                int count = ReadLength(type, position, type.ElementType!.HeadSize);
                return DecodeSequence(null, type.ElementType, count, (long)count * type.ElementType.HeadSize, position + 32, null);
            }
            case AbiTypeKind.FixedArray:
                return DecodeSequence(null, type.ElementType, type.ArrayLength, type.InnerHeadSize, position, null);
            case AbiTypeKind.Tuple:
                return DecodeSequence(type.Components, null, type.Components.Count, type.InnerHeadSize, position, null);
            default:
                throw new InvalidOperationException($"{type} is static");
        }
    }

    /// <summary>
    /// Reads the length word at <paramref name="position"/> and checks that <c>length × unitSize</c> bytes follow it,
    /// comparing as 256-bit numbers so that no huge length can overflow into a plausible one.
    /// </summary>
    private int ReadLength(AbiType type, int position, int unitSize)
    {
        if (_data.Length - position < 32)
            throw new AbiException($"data too short: the length word of {type} at byte {position} runs past the end ({_data.Length} bytes)");
        UInt256 length = UInt256.FromBigEndian(_data.Slice(position, 32));
        int remaining = _data.Length - position - 32;
        if (!length.IsUInt64 || length.U0 > int.MaxValue || (long)length.U0 * unitSize > remaining)
            throw new AbiException(
                $"length {length} of {type} at byte {position} runs past the end of the data ({remaining} bytes follow the length word)");
        return (int)length.U0;
    }

    private ReadOnlySpan<byte> ReadLengthPrefixed(AbiType type, int position)
    {
        int length = ReadLength(type, position, 1);
        int padded = AbiEncoder.PaddedLength(length);
        int content = position + 32;
        if (padded > _data.Length - content)
            throw new AbiException(
                $"{type} of {length} bytes at byte {position} lacks its padding: {padded} bytes needed after the length word, {_data.Length - content} present");
        Charge(padded / 32);
        int nonZero = _data.Slice(content + length, padded - length).IndexOfAnyExcept((byte)0);
        if (nonZero >= 0)
            throw new AbiException($"non-zero padding byte at byte {content + length + nonZero} after the {length} bytes of {type}");
        return _data.Slice(content, length);
    }

    private object DecodeStatic(AbiType type, int position)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.UInt:
            {
                ReadOnlySpan<byte> word = Word(position);
                RequireZero(word[..(32 - type.Bits / 8)], type, position);
                return UInt256.FromBigEndian(word);
            }
            case AbiTypeKind.Int:
            {
                ReadOnlySpan<byte> word = Word(position);
                int padding = 32 - type.Bits / 8;
                byte extension = (word[padding] & 0x80) != 0 ? (byte)0xFF : (byte)0;
                int bad = word[..padding].IndexOfAnyExcept(extension);
                if (bad >= 0)
                    throw new AbiException(
                        $"{type} at byte {position} is not sign-extended: byte {position + bad} is 0x{word[bad]:x2}, expected 0x{extension:x2}");
                return new BigInteger(word, isUnsigned: false, isBigEndian: true);
            }
            case AbiTypeKind.Address:
            {
                ReadOnlySpan<byte> word = Word(position);
                RequireZero(word[..12], type, position);
                return new Address(word[12..]);
            }
            case AbiTypeKind.Bool:
            {
                ReadOnlySpan<byte> word = Word(position);
                if (word[..31].IndexOfAnyExcept((byte)0) >= 0 || word[31] > 1)
                    throw new AbiException($"bool at byte {position} must be 0 or 1, got {Hex.Encode(word)}");
                return word[31] == 1;
            }
            case AbiTypeKind.FixedBytes:
            case AbiTypeKind.Function:
            {
                ReadOnlySpan<byte> word = Word(position);
                int bad = word[type.ByteCount..].IndexOfAnyExcept((byte)0);
                if (bad >= 0)
                    throw new AbiException(
                        $"{type} at byte {position} has a non-zero padding byte at byte {position + type.ByteCount + bad}; only the first {type.ByteCount} bytes may be set");
                return word[..type.ByteCount].ToArray();
            }
            case AbiTypeKind.FixedArray:
                return DecodeSequence(null, type.ElementType, type.ArrayLength, type.InnerHeadSize, position, null);
            case AbiTypeKind.Tuple:
                return DecodeSequence(type.Components, null, type.Components.Count, type.InnerHeadSize, position, null);
            default:
                throw new InvalidOperationException($"{type} is dynamic");
        }
    }

    private readonly ReadOnlySpan<byte> Word(int position) =>
        _data.Length - position >= 32 ? _data.Slice(position, 32)
        : throw new AbiException($"data too short: a 32-byte word at byte {position} runs past the end ({_data.Length} bytes)");

    private static void RequireZero(ReadOnlySpan<byte> padding, AbiType type, int position)
    {
        int bad = padding.IndexOfAnyExcept((byte)0);
        if (bad >= 0)
            throw new AbiException(
                $"{type} at byte {position} is out of range: padding byte {position + bad} is 0x{padding[bad]:x2}, must be 0");
    }

    private void Charge(long units)
    {
        _budget -= units;
        if (_budget < 0)
            throw new AbiException(
                "decoding would produce far more values than the input holds; offsets that point at the same data over and over are rejected");
    }
}
