using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AgentChain.Core.Encoding;

namespace AgentChain.Core.Types;

/// <summary>A 32-byte hash (Keccak-256 digests, block and transaction hashes, storage keys). A value type: no heap per hash.</summary>
public readonly struct Hash256 : IEquatable<Hash256>, IComparable<Hash256>
{
    public const int Length = 32;

    [InlineArray(Length)]
    private struct Storage { private byte _b; }

    private readonly Storage _bytes;

    public static readonly Hash256 Zero = default;

    /// <summary>Keccak-256 of the empty string (the code hash of an account without code).</summary>
    public static readonly Hash256 EmptyKeccak = Parse("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");

    /// <summary>Keccak-256 of RLP("") = the root of an empty Merkle-Patricia trie.</summary>
    public static readonly Hash256 EmptyTrieRoot = Parse("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");

    public Hash256(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
            throw new ArgumentException($"a Hash256 is exactly {Length} bytes, got {bytes.Length}", nameof(bytes));
        bytes.CopyTo(_bytes);
    }

    /// <summary>The 32 bytes, read-only, without copying.</summary>
    public ReadOnlySpan<byte> Bytes => MemoryMarshal.CreateReadOnlySpan(ref Unsafe.AsRef(in _bytes[0]), Length);

    public byte[] ToArray() => Bytes.ToArray();

    public bool IsZero => Bytes.IndexOfAnyExcept((byte)0) < 0;

    /// <summary>Parses 64 hex digits, with or without 0x.</summary>
    public static Hash256 Parse(ReadOnlySpan<char> hex)
    {
        Span<byte> buffer = stackalloc byte[Length];
        try
        {
            Hex.Decode(hex, buffer);
        }
        catch (HexFormatException e)
        {
            throw new HexFormatException($"invalid 32-byte hash: {e.Message}");
        }
        return new Hash256(buffer);
    }

    public static bool TryParse(ReadOnlySpan<char> hex, out Hash256 hash)
    {
        hash = default;
        if (Hex.StripPrefix(hex).Length != 2 * Length || !Hex.TryDecode(hex, out byte[] bytes)) return false;
        hash = new Hash256(bytes);
        return true;
    }

    public bool Equals(Hash256 other) => Bytes.SequenceEqual(other.Bytes);
    public override bool Equals(object? obj) => obj is Hash256 h && Equals(h);
    public override int GetHashCode() => MemoryMarshal.Read<int>(Bytes);
    public int CompareTo(Hash256 other) => Bytes.SequenceCompareTo(other.Bytes);
    public static bool operator ==(Hash256 a, Hash256 b) => a.Equals(b);
    public static bool operator !=(Hash256 a, Hash256 b) => !a.Equals(b);

    /// <summary>0x-prefixed lower-case hex.</summary>
    public override string ToString() => Hex.Encode(Bytes);
}
