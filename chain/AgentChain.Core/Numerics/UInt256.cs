using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using AgentChain.Core.Encoding;

namespace AgentChain.Core.Numerics;

/// <summary>
/// An unsigned 256-bit integer, the EVM's word: four 64-bit limbs, least significant first (<see cref="U0"/>).
/// A readonly value type; no operation allocates. Arithmetic wraps modulo 2^256 as the EVM requires.
/// This file holds representation, conversions and comparisons; arithmetic lives in the sibling partial files.
/// </summary>
public readonly partial struct UInt256 : IEquatable<UInt256>, IComparable<UInt256>, IComparable
{
    public readonly ulong U0, U1, U2, U3;

    public static readonly UInt256 Zero = default;
    public static readonly UInt256 One = new(1);
    public static readonly UInt256 MaxValue = new(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public UInt256(ulong u0, ulong u1 = 0, ulong u2 = 0, ulong u3 = 0)
    {
        U0 = u0; U1 = u1; U2 = u2; U3 = u3;
    }

    public bool IsZero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (U0 | U1 | U2 | U3) == 0;
    }

    /// <summary>True when the value fits in 64 bits.</summary>
    public bool IsUInt64 => (U1 | U2 | U3) == 0;

    public static implicit operator UInt256(ulong value) => new(value);
    public static implicit operator UInt256(uint value) => new(value);
    public static implicit operator UInt256(int value) =>
        value >= 0 ? new UInt256((ulong)value) : throw new OverflowException("a negative int cannot be a UInt256");

    /// <summary>The low 64 bits; throws if the value does not fit.</summary>
    public static explicit operator ulong(UInt256 value) =>
        value.IsUInt64 ? value.U0 : throw new OverflowException($"{value} does not fit in 64 bits");

    /// <summary>Reads a big-endian unsigned integer of up to 32 bytes (shorter input is left-padded with zeros).</summary>
    public static UInt256 FromBigEndian(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > 32)
            throw new ArgumentException($"a UInt256 is at most 32 bytes, got {bytes.Length}", nameof(bytes));
        if (bytes.Length == 32)
        {
            return new UInt256(
                BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]),
                BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
                BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
                BinaryPrimitives.ReadUInt64BigEndian(bytes));
        }
        Span<byte> padded = stackalloc byte[32];
        padded.Clear();
        bytes.CopyTo(padded[(32 - bytes.Length)..]);
        return FromBigEndian(padded);
    }

    /// <summary>Writes exactly 32 big-endian bytes.</summary>
    public void WriteBigEndian(Span<byte> destination)
    {
        if (destination.Length < 32)
            throw new ArgumentException("a UInt256 needs 32 bytes", nameof(destination));
        BinaryPrimitives.WriteUInt64BigEndian(destination, U3);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], U2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], U1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], U0);
    }

    /// <summary>32 big-endian bytes.</summary>
    public byte[] ToBigEndian()
    {
        var bytes = new byte[32];
        WriteBigEndian(bytes);
        return bytes;
    }

    /// <summary>Number of significant bytes (0 for zero): the length of the minimal big-endian form RLP uses.</summary>
    public int ByteLength => (BitLength + 7) >> 3;

    /// <summary>Number of significant bits (0 for zero).</summary>
    public int BitLength =>
        U3 != 0 ? 256 - BitOperations.LeadingZeroCount(U3) :
        U2 != 0 ? 192 - BitOperations.LeadingZeroCount(U2) :
        U1 != 0 ? 128 - BitOperations.LeadingZeroCount(U1) :
        64 - BitOperations.LeadingZeroCount(U0);

    /// <summary>Writes the minimal big-endian form (no leading zeros; empty for zero) and returns its length.</summary>
    public int WriteMinimalBigEndian(Span<byte> destination)
    {
        Span<byte> full = stackalloc byte[32];
        WriteBigEndian(full);
        int length = ByteLength;
        full[(32 - length)..].CopyTo(destination);
        return length;
    }

    public BigInteger ToBigInteger()
    {
        Span<byte> bytes = stackalloc byte[32];
        WriteBigEndian(bytes);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }

    /// <summary>Converts a non-negative BigInteger below 2^256; throws otherwise.</summary>
    public static UInt256 FromBigInteger(BigInteger value)
    {
        if (value.Sign < 0) throw new OverflowException("a UInt256 cannot be negative");
        int count = value.GetByteCount(isUnsigned: true);
        if (count > 32) throw new OverflowException($"value needs {count} bytes; a UInt256 holds 32");
        Span<byte> bytes = stackalloc byte[32];
        bytes.Clear();
        value.TryWriteBytes(bytes[(32 - count)..], out _, isUnsigned: true, isBigEndian: true);
        return FromBigEndian(bytes);
    }

    /// <summary>
    /// Parses decimal ("123") or 0x-prefixed hex ("0x7b", up to 64 digits). Throws <see cref="FormatException"/>
    /// for anything else, and <see cref="OverflowException"/> for values ≥ 2^256.
    /// </summary>
    public static UInt256 Parse(ReadOnlySpan<char> text)
    {
        if (Hex.HasPrefix(text))
        {
            ReadOnlySpan<char> digits = Hex.StripPrefix(text);
            if (digits.Length == 0) throw new HexFormatException("hex number has no digits after 0x");
            digits = digits.TrimStart('0');
            if (digits.Length > 64) throw new OverflowException($"hex number {text.ToString()} exceeds 256 bits");
            Span<char> even = stackalloc char[64];
            even.Fill('0');
            digits.CopyTo(even[(64 - digits.Length)..]);
            Span<byte> bytes = stackalloc byte[32];
            Hex.Decode(even, bytes);
            return FromBigEndian(bytes);
        }
        if (text.Length == 0) throw new FormatException("empty string is not a number");
        foreach (char c in text)
            if (c < '0' || c > '9') throw new FormatException($"'{text.ToString()}' is not a decimal number (use 0x for hex)");
        return FromBigInteger(BigInteger.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture));
    }

    public static bool TryParse(ReadOnlySpan<char> text, out UInt256 value)
    {
        try
        {
            value = Parse(text);
            return true;
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            value = default;
            return false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Equals(UInt256 other) => U0 == other.U0 && U1 == other.U1 && U2 == other.U2 && U3 == other.U3;
    public override bool Equals(object? obj) => obj is UInt256 other && Equals(other);
    public override int GetHashCode() => HashCode.Combine(U0, U1, U2, U3);

    public int CompareTo(UInt256 other)
    {
        if (U3 != other.U3) return U3 < other.U3 ? -1 : 1;
        if (U2 != other.U2) return U2 < other.U2 ? -1 : 1;
        if (U1 != other.U1) return U1 < other.U1 ? -1 : 1;
        if (U0 != other.U0) return U0 < other.U0 ? -1 : 1;
        return 0;
    }

    public int CompareTo(object? obj) =>
        obj is UInt256 other ? CompareTo(other) : throw new ArgumentException("can only compare with another UInt256", nameof(obj));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator ==(UInt256 a, UInt256 b) => a.Equals(b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator !=(UInt256 a, UInt256 b) => !a.Equals(b);
    public static bool operator <(UInt256 a, UInt256 b) => a.CompareTo(b) < 0;
    public static bool operator >(UInt256 a, UInt256 b) => a.CompareTo(b) > 0;
    public static bool operator <=(UInt256 a, UInt256 b) => a.CompareTo(b) <= 0;
    public static bool operator >=(UInt256 a, UInt256 b) => a.CompareTo(b) >= 0;

    /// <summary>Decimal.</summary>
    public override string ToString() => IsUInt64 ? U0.ToString(CultureInfo.InvariantCulture) : ToBigInteger().ToString(CultureInfo.InvariantCulture);

    /// <summary>JSON-RPC quantity form: 0x-prefixed hex without leading zeros ("0x0" for zero).</summary>
    public string ToHexQuantity()
    {
        if (IsUInt64) return Hex.EncodeQuantity(U0);
        Span<byte> bytes = stackalloc byte[32];
        WriteBigEndian(bytes);
        string hex = Hex.Encode(bytes, prefix: false).TrimStart('0');
        return "0x" + hex;
    }
}
