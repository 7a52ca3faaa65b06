using System.Collections;
using System.Numerics;
using System.Runtime.CompilerServices;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Core.Abi;

/// <summary>
/// The CLR values the codec accepts for each ABI type when encoding. Decoding always produces the first
/// (canonical) form listed:
/// <list type="table">
/// <item><term>uint&lt;M&gt;</term><description><see cref="UInt256"/>; also BigInteger ≥ 0 and any built-in integer ≥ 0</description></item>
/// <item><term>int&lt;M&gt;</term><description><see cref="BigInteger"/>; also any built-in integer and <see cref="UInt256"/></description></item>
/// <item><term>address</term><description><see cref="Address"/>; also a hex string (EIP-55 checked when mixed-case)</description></item>
/// <item><term>bool</term><description><see cref="bool"/></description></item>
/// <item><term>bytes&lt;M&gt;, function</term><description><c>byte[]</c> of exactly M bytes; also ReadOnlyMemory/Memory/ArraySegment of bytes, and <see cref="Hash256"/> for bytes32</description></item>
/// <item><term>bytes</term><description><c>byte[]</c>; also ReadOnlyMemory/Memory/ArraySegment of bytes</description></item>
/// <item><term>string</term><description><see cref="string"/> (encoded as UTF-8)</description></item>
/// <item><term>T[k], T[]</term><description><c>object?[]</c>; also any <see cref="IList"/> (typed arrays, List&lt;T&gt;)</description></item>
/// <item><term>tuple</term><description><c>object?[]</c>; also any <see cref="IList"/> or C# value tuple</description></item>
/// </list>
/// Text is never accepted for <c>bytes</c>/<c>bytesN</c>: whether "0x12" means two characters or one byte is
/// ambiguous, so callers decode hex themselves (<see cref="Encoding.Hex.Decode(ReadOnlySpan{char})"/>).
/// </summary>
public static class AbiValues
{
    private static readonly BigInteger TwoTo256 = BigInteger.One << 256;

    internal static UInt256 ToUInt256(object? value, AbiType type)
    {
        UInt256 result = value switch
        {
            UInt256 u => u,
            BigInteger b => b.Sign >= 0 && b < TwoTo256 ? UInt256.FromBigInteger(b) : throw OutOfRange(b, type),
            byte or ushort or uint or ulong => new UInt256(Convert.ToUInt64(value)),
            sbyte or short or int or long => Convert.ToInt64(value) switch { >= 0 and var l => (ulong)l, var l => throw OutOfRange(l, type) },
            _ => throw WrongClrType(value, type, "UInt256, BigInteger or an integer"),
        };
        if (result.BitLength > type.Bits) throw OutOfRange(result, type);
        return result;
    }

    internal static BigInteger ToBigInteger(object? value, AbiType type)
    {
        BigInteger result = value switch
        {
            BigInteger b => b,
            UInt256 u => u.ToBigInteger(),
            sbyte or short or int or long => Convert.ToInt64(value),
            byte or ushort or uint or ulong => Convert.ToUInt64(value),
            _ => throw WrongClrType(value, type, "BigInteger or an integer"),
        };
        BigInteger limit = BigInteger.One << (type.Bits - 1);
        if (result < -limit || result >= limit) throw OutOfRange(result, type);
        return result;
    }

    internal static Address ToAddress(object? value, AbiType type)
    {
        switch (value)
        {
            case Address a:
                return a;
            case string s:
                try
                {
                    return Address.Parse(s);
                }
                catch (FormatException e)
                {
                    throw new AbiException($"'{s}' is not an address: {e.Message}", e);
                }
            default:
                throw WrongClrType(value, type, "Address");
        }
    }

    internal static bool ToBool(object? value, AbiType type) =>
        value is bool b ? b : throw WrongClrType(value, type, "bool");

    internal static ReadOnlySpan<byte> ToBytes(object? value, AbiType type)
    {
        ReadOnlySpan<byte> bytes = value switch
        {
            byte[] a => a,
            ReadOnlyMemory<byte> m => m.Span,
            Memory<byte> m => m.Span,
            ArraySegment<byte> s => s.AsSpan(),
            Hash256 h when type.Kind == AbiTypeKind.FixedBytes && type.ByteCount == 32 => h.ToArray(),
            string => throw new AbiException(
                $"{type} takes bytes, not text; pass byte[] (Hex.Decode for hex, Encoding.UTF8.GetBytes for text)"),
            _ => throw WrongClrType(value, type, "byte[]"),
        };
        if (type.Kind is AbiTypeKind.FixedBytes or AbiTypeKind.Function && bytes.Length != type.ByteCount)
            throw new AbiException($"{type} needs exactly {type.ByteCount} bytes, got {bytes.Length}");
        return bytes;
    }

    internal static string ToText(object? value, AbiType type) =>
        value as string ?? throw WrongClrType(value, type, "string");

    /// <summary>The elements of an array or the components of a tuple, with the count checked where it is fixed.</summary>
    internal static IList ToList(object? value, AbiType type)
    {
        IList list = value switch
        {
            IList l => l,
            ITuple t when type.Kind == AbiTypeKind.Tuple => TupleToArray(t),
            _ => throw WrongClrType(value, type, type.Kind == AbiTypeKind.Tuple ? "object?[] (one value per component)" : "an array or list"),
        };
        int expected = type.Kind switch
        {
            AbiTypeKind.FixedArray => type.ArrayLength,
            AbiTypeKind.Tuple => type.Components.Count,
            _ => -1,
        };
        if (expected >= 0 && list.Count != expected)
            throw new AbiException(type.Kind == AbiTypeKind.Tuple
                ? $"tuple {type} has {expected} components, got {list.Count} values"
                : $"{type} needs exactly {expected} elements, got {list.Count}");
        return list;
    }

    private static object?[] TupleToArray(ITuple tuple)
    {
        var values = new object?[tuple.Length];
        for (int i = 0; i < values.Length; i++) values[i] = tuple[i];
        return values;
    }

    private static AbiException OutOfRange(object value, AbiType type)
    {
        string range = type.Kind == AbiTypeKind.UInt
            ? $"0 .. 2^{type.Bits}-1"
            : $"-2^{type.Bits - 1} .. 2^{type.Bits - 1}-1";
        return new AbiException($"value {value} does not fit in {type} (range {range})");
    }

    private static AbiException WrongClrType(object? value, AbiType type, string expected) =>
        new($"{type} expects {expected}, got {(value is null ? "null" : value.GetType().Name)}");
}
