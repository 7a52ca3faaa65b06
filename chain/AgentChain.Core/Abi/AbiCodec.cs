using AgentChain.Core.Crypto;
using AgentChain.Core.Types;

namespace AgentChain.Core.Abi;

/// <summary>
/// The Solidity ABI codec: <c>abi.encode</c>, <c>abi.decode</c> and <c>abi.encodePacked</c>. Values follow the
/// mapping documented on <see cref="AbiValues"/>. Every failure, on either side, is an <see cref="AbiException"/>
/// whose message names the offending value's position (parameter name, array index, tuple component).
/// </summary>
public static class AbiCodec
{
    /// <summary><c>abi.encode(values...)</c>: the values as one tuple, heads then tails.</summary>
    public static byte[] Encode(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values) => AbiEncoder.Encode(types, values, default, []);

    /// <summary>Parses each type string, then encodes.</summary>
    public static byte[] Encode(IReadOnlyList<string> types, IReadOnlyList<object?> values) =>
        AbiEncoder.Encode(types.Select(AbiType.Parse).ToArray(), values, default, []);

    /// <summary><c>abi.decode(data, (types...))</c>, strict and bounded (see <see cref="AbiDecoder"/>).</summary>
    public static object?[] Decode(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data) => AbiDecoder.Decode(types, data, []);

    /// <summary>Parses each type string, then decodes.</summary>
    public static object?[] Decode(IReadOnlyList<string> types, ReadOnlySpan<byte> data) =>
        AbiDecoder.Decode(types.Select(AbiType.Parse).ToArray(), data, []);

    /// <summary>
    /// <c>abi.encodePacked(values...)</c> (spec, "Non-standard Packed Mode"): value types in their natural width
    /// without padding (int&lt;M&gt; as M/8 bytes of two's complement), bytes and string raw without a length, and
    /// arrays of value types as their elements each padded to 32 bytes. Tuples and arrays of non-value types are
    /// rejected, as Solidity rejects them. The result is ambiguous with two dynamic values; prefer
    /// <see cref="Encode(IReadOnlyList{AbiType}, IReadOnlyList{object})"/> for anything that is hashed and signed.
    /// </summary>
    public static byte[] EncodePacked(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(values);
        if (types.Count != values.Count)
            throw new AbiException($"encodePacked got {types.Count} types but {values.Count} values");
        var output = new List<byte>(32 * types.Count);
        Span<byte> word = stackalloc byte[32];
        for (int i = 0; i < types.Count; i++)
        {
            AbiType type = types[i];
            try
            {
                switch (type.Kind)
                {
                    case AbiTypeKind.Bytes:
                        output.AddRange(AbiValues.ToBytes(values[i], type));
                        break;
                    case AbiTypeKind.String:
                        output.AddRange(AbiEncoder.Utf8(AbiValues.ToText(values[i], type)));
                        break;
                    case AbiTypeKind.FixedArray or AbiTypeKind.DynamicArray:
                    {
                        AbiType element = type.ElementType!;
                        if (!element.IsValueType)
                            throw new AbiException($"encodePacked does not support {type}: array elements must be value types");
                        var list = AbiValues.ToList(values[i], type);
                        for (int j = 0; j < list.Count; j++)
                        {
                            word.Clear();
                            try
                            {
                                AbiEncoder.WriteStatic(element, list[j], word);
                            }
                            catch (AbiException e)
                            {
                                throw e.Within($"[{j}]");
                            }
                            output.AddRange(word);
                        }
                        break;
                    }
                    case AbiTypeKind.Tuple:
                        throw new AbiException($"encodePacked does not support tuples ({type})");
                    default:
                        word.Clear();
                        AbiEncoder.WriteStatic(type, values[i], word);
                        output.AddRange(PackedSlice(type, word));
                        break;
                }
            }
            catch (AbiException e)
            {
                throw e.Within($"arg{i}");
            }
        }
        return output.ToArray();
    }

    /// <summary>Parses each type string, then packs.</summary>
    public static byte[] EncodePacked(IReadOnlyList<string> types, IReadOnlyList<object?> values) =>
        EncodePacked(types.Select(AbiType.Parse).ToArray(), values);

    /// <summary>The natural-width bytes of a value type inside its 32-byte word.</summary>
    private static ReadOnlySpan<byte> PackedSlice(AbiType type, ReadOnlySpan<byte> word) => type.Kind switch
    {
        AbiTypeKind.UInt or AbiTypeKind.Int => word[(32 - type.Bits / 8)..],
        AbiTypeKind.Address => word[12..],
        AbiTypeKind.Bool => word[31..],
        _ => word[..type.ByteCount],
    };

    /// <summary>
    /// The topic an indexed event parameter of <paramref name="type"/> holding <paramref name="value"/> produces
    /// (spec, "Events" and "Encoding of Indexed Event Parameters"): value types are their 32-byte word; bytes,
    /// string, arrays and tuples are the Keccak-256 of their in-place encoding. Use it to build log filters.
    /// </summary>
    public static Hash256 EncodeTopic(AbiType type, object? value)
    {
        ArgumentNullException.ThrowIfNull(type);
        Span<byte> word = stackalloc byte[32];
        word.Clear();
        if (type.IsValueType)
        {
            AbiEncoder.WriteStatic(type, value, word);
            return new Hash256(word);
        }
        var output = new List<byte>();
        AppendIndexedEncoding(type, value, output, pad: false);
        return Keccak256.Hash(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(output));
    }

    /// <summary>
    /// In-place encoding for indexed parameters: bytes/string raw (padded to 32 only inside arrays and structs),
    /// arrays and structs as the concatenation of their elements, without lengths or offsets.
    /// </summary>
    private static void AppendIndexedEncoding(AbiType type, object? value, List<byte> output, bool pad)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.Bytes or AbiTypeKind.String:
            {
                ReadOnlySpan<byte> content = type.Kind == AbiTypeKind.Bytes
                    ? AbiValues.ToBytes(value, type)
                    : AbiEncoder.Utf8(AbiValues.ToText(value, type));
                output.AddRange(content);
                if (pad) output.AddRange(new byte[AbiEncoder.PaddedLength(content.Length) - content.Length]);
                break;
            }
            case AbiTypeKind.FixedArray or AbiTypeKind.DynamicArray or AbiTypeKind.Tuple:
            {
                var list = AbiValues.ToList(value, type);
                for (int i = 0; i < list.Count; i++)
                {
                    AbiType part = type.Kind == AbiTypeKind.Tuple ? type.Components[i] : type.ElementType!;
                    try
                    {
                        AppendIndexedEncoding(part, list[i], output, pad: true);
                    }
                    catch (AbiException e)
                    {
                        throw e.Within(type.Kind == AbiTypeKind.Tuple ? $".{i}" : $"[{i}]");
                    }
                }
                break;
            }
            default:
            {
                var word = new byte[32];
                AbiEncoder.WriteStatic(type, value, word);
                output.AddRange(word);
                break;
            }
        }
    }
}
