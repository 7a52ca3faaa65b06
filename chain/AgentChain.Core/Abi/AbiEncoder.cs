using System.Collections;
using System.Numerics;
using System.Text;
using AgentChain.Core.Numerics;

namespace AgentChain.Core.Abi;

/// <summary>
/// Standard ABI encoding (spec, "Formal Specification of the Encoding") in one pass over a growable buffer:
/// a tuple reserves its head block, static components are written into it in place, and each dynamic component
/// is appended whole (its own heads, then its tails) with its offset patched into the head. Appending a
/// component's complete encoding before starting the next keeps every encoding contiguous, which is what the
/// relative offsets require. New buffer space is zero, so padding needs no writes.
/// </summary>
internal sealed class AbiEncoder
{
    /// <summary>UTF-8 that refuses lone surrogates instead of silently writing U+FFFD.</summary>
    internal static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private byte[] _buffer;
    private int _length;

    private AbiEncoder(int capacity) => _buffer = new byte[Math.Max(capacity, 64)];

    /// <summary>
    /// enc((v1..vn)) for the given types, optionally after a prefix (a selector, deployment bytecode) that offsets
    /// do not count. <paramref name="names"/> label top-level values in error messages.
    /// </summary>
    internal static byte[] Encode(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values, ReadOnlySpan<byte> prefix = default,
        IReadOnlyList<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(values);
        if (types.Count != values.Count)
            throw new AbiException($"({string.Join(",", types)}) takes {types.Count} values, got {values.Count}");
        var encoder = new AbiEncoder(prefix.Length + 32 * types.Count + 64);
        prefix.CopyTo(encoder.Reserve(prefix.Length));
        long heads = 0;
        foreach (AbiType t in types) heads += t.HeadSize;
        encoder.AppendSequence(types, null, values.Count, i => values[i], heads, names);
        return encoder._buffer.AsSpan(0, encoder._length).ToArray();
    }

    /// <summary>
    /// Writes the encoding of a static type into exactly <c>type.HeadSize</c> bytes of zeroed space. Used in place
    /// inside heads, and for single words (event topics, packed array elements).
    /// </summary>
    internal static void WriteStatic(AbiType type, object? value, Span<byte> destination)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.UInt:
                AbiValues.ToUInt256(value, type).WriteBigEndian(destination);
                break;
            case AbiTypeKind.Int:
                WriteSigned(AbiValues.ToBigInteger(value, type), destination[..32]);
                break;
            case AbiTypeKind.Address:
                AbiValues.ToAddress(value, type).Bytes.CopyTo(destination[12..]);
                break;
            case AbiTypeKind.Bool:
                destination[31] = AbiValues.ToBool(value, type) ? (byte)1 : (byte)0;
                break;
            case AbiTypeKind.FixedBytes:
            case AbiTypeKind.Function:
                AbiValues.ToBytes(value, type).CopyTo(destination);
                break;
            case AbiTypeKind.FixedArray:
            {
                IList list = AbiValues.ToList(value, type);
                AbiType element = type.ElementType!;
                for (int i = 0; i < list.Count; i++)
                {
                    try
                    {
                        WriteStatic(element, list[i], destination.Slice(i * element.HeadSize, element.HeadSize));
                    }
                    catch (AbiException e)
                    {
                        throw e.Within($"[{i}]");
                    }
                }
                break;
            }
            case AbiTypeKind.Tuple:
            {
                IList list = AbiValues.ToList(value, type);
                int offset = 0;
                for (int i = 0; i < list.Count; i++)
                {
                    AbiType component = type.Components[i];
                    try
                    {
                        WriteStatic(component, list[i], destination.Slice(offset, component.HeadSize));
                    }
                    catch (AbiException e)
                    {
                        throw e.Within($".{i}");
                    }
                    offset += component.HeadSize;
                }
                break;
            }
            default:
                throw new InvalidOperationException($"{type} is dynamic; it has no in-place encoding");
        }
    }

    /// <summary>Two's complement, sign-extended to the full word (spec: int&lt;M&gt; is padded with 0xff when negative).</summary>
    internal static void WriteSigned(BigInteger value, Span<byte> word)
    {
        word.Fill(value.Sign < 0 ? (byte)0xFF : (byte)0);
        int count = value.GetByteCount();
        value.TryWriteBytes(word[(32 - count)..], out _, isUnsigned: false, isBigEndian: true);
    }

    private void AppendDynamic(AbiType type, object? value)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.Bytes:
                AppendLengthPrefixed(AbiValues.ToBytes(value, type));
                break;
            case AbiTypeKind.String:
                AppendLengthPrefixed(Utf8(AbiValues.ToText(value, type)));
                break;
            case AbiTypeKind.DynamicArray:
            {
                IList list = AbiValues.ToList(value, type);
                new UInt256((ulong)list.Count).WriteBigEndian(Reserve(32));
                AppendSequence(null, type.ElementType, list.Count, i => list[i], (long)list.Count * type.ElementType!.HeadSize, null);
                break;
            }
            case AbiTypeKind.FixedArray:
            {
                IList list = AbiValues.ToList(value, type);
                AppendSequence(null, type.ElementType, list.Count, i => list[i], type.InnerHeadSize, null);
                break;
            }
            case AbiTypeKind.Tuple:
            {
                IList list = AbiValues.ToList(value, type);
                AppendSequence(type.Components, null, list.Count, i => list[i], type.InnerHeadSize, null);
                break;
            }
            default:
                throw new InvalidOperationException($"{type} is static");
        }
    }

    /// <summary>
    /// Encodes a sequence as a tuple: either heterogeneous (<paramref name="components"/>) or <paramref name="count"/>
    /// copies of <paramref name="element"/>. Offsets are relative to the start of this sequence's head block.
    /// </summary>
    private void AppendSequence(IReadOnlyList<AbiType>? components, AbiType? element, int count, Func<int, object?> valueAt,
        long headSize, IReadOnlyList<string>? names)
    {
        if (headSize > int.MaxValue - _length) throw new AbiException("encoding would exceed 2 GiB");
        int start = _length;
        Reserve((int)headSize);
        int head = start;
        for (int i = 0; i < count; i++)
        {
            AbiType type = element ?? components![i];
            try
            {
                if (type.IsDynamic)
                {
                    new UInt256((ulong)(_length - start)).WriteBigEndian(_buffer.AsSpan(head, 32));
                    AppendDynamic(type, valueAt(i));
                }
                else
                {
                    WriteStatic(type, valueAt(i), _buffer.AsSpan(head, type.HeadSize));
                }
            }
            catch (AbiException e)
            {
                throw e.Within(Segment(i, element is null, names));
            }
            head += type.HeadSize;
        }
    }

    internal static string Segment(int index, bool isTupleComponent, IReadOnlyList<string>? names)
    {
        if (names is not null && index < names.Count && !string.IsNullOrEmpty(names[index])) return names[index];
        if (names is not null) return $"arg{index}";
        return isTupleComponent ? $".{index}" : $"[{index}]";
    }

    private void AppendLengthPrefixed(ReadOnlySpan<byte> content)
    {
        new UInt256((ulong)content.Length).WriteBigEndian(Reserve(32));
        content.CopyTo(Reserve(PaddedLength(content.Length)));
    }

    internal static int PaddedLength(int length) =>
        length <= int.MaxValue - 31 ? (length + 31) & ~31 : throw new AbiException("value too large to encode");

    internal static byte[] Utf8(string text)
    {
        try
        {
            return StrictUtf8.GetBytes(text);
        }
        catch (EncoderFallbackException e)
        {
            throw new AbiException("string is not valid UTF-16 (it contains a lone surrogate), so it has no UTF-8 encoding", e);
        }
    }

    /// <summary>Appends <paramref name="count"/> zero bytes and returns them.</summary>
    private Span<byte> Reserve(int count)
    {
        if (count > int.MaxValue - _length) throw new AbiException("encoding would exceed 2 GiB");
        int needed = _length + count;
        if (needed > _buffer.Length)
        {
            int size = (int)Math.Min(Math.Max((long)_buffer.Length * 2, needed), System.Array.MaxLength);
            if (size < needed) throw new AbiException("encoding would exceed the largest possible array");
            System.Array.Resize(ref _buffer, size);
        }
        Span<byte> span = _buffer.AsSpan(_length, count);
        _length = needed;
        return span;
    }
}
