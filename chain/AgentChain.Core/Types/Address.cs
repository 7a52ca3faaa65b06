using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AgentChain.Core.Crypto;
using AgentChain.Core.Encoding;

namespace AgentChain.Core.Types;

/// <summary>A 20-byte Ethereum account address, with EIP-55 mixed-case checksum formatting and checking.</summary>
public readonly struct Address : IEquatable<Address>, IComparable<Address>
{
    public const int Length = 20;

    [InlineArray(Length)]
    private struct Storage { private byte _b; }

    private readonly Storage _bytes;

    public static readonly Address Zero = default;

    public Address(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
            throw new ArgumentException($"an Address is exactly {Length} bytes, got {bytes.Length}", nameof(bytes));
        bytes.CopyTo(_bytes);
    }

    /// <summary>The 20 bytes, read-only, without copying.</summary>
    public ReadOnlySpan<byte> Bytes => MemoryMarshal.CreateReadOnlySpan(ref Unsafe.AsRef(in _bytes[0]), Length);

    public byte[] ToArray() => Bytes.ToArray();

    public bool IsZero => Bytes.IndexOfAnyExcept((byte)0) < 0;

    /// <summary>The address of an uncompressed secp256k1 public key (64 bytes X‖Y): the last 20 bytes of its Keccak-256.</summary>
    public static Address FromPublicKey(ReadOnlySpan<byte> publicKey64)
    {
        if (publicKey64.Length == 65 && publicKey64[0] == 0x04) publicKey64 = publicKey64[1..];
        if (publicKey64.Length != 64)
            throw new ArgumentException($"an uncompressed public key is 64 bytes (or 65 with the 0x04 prefix), got {publicKey64.Length}", nameof(publicKey64));
        Span<byte> hash = stackalloc byte[32];
        Keccak256.Hash(publicKey64, hash);
        return new Address(hash[12..]);
    }

    /// <summary>
    /// Parses 40 hex digits, with or without 0x. All-lower or all-upper input is accepted as is; mixed case
    /// must carry a valid EIP-55 checksum, since mixed case is how a user signals "this is checksummed".
    /// </summary>
    public static Address Parse(ReadOnlySpan<char> text)
    {
        ReadOnlySpan<char> digits = Hex.StripPrefix(text);
        if (digits.Length != 2 * Length)
            throw new HexFormatException($"an address is {2 * Length} hex digits, got {digits.Length}");
        Span<byte> buffer = stackalloc byte[Length];
        try
        {
            Hex.Decode(digits, buffer);
        }
        catch (HexFormatException e)
        {
            throw new HexFormatException($"invalid address: {e.Message}");
        }
        var address = new Address(buffer);
        bool hasLower = digits.IndexOfAnyInRange('a', 'f') >= 0;
        bool hasUpper = digits.IndexOfAnyInRange('A', 'F') >= 0;
        if (hasLower && hasUpper)
        {
            string expected = address.ToChecksumString();
            if (!digits.SequenceEqual(expected.AsSpan(2)))
                throw new HexFormatException($"address {text.ToString()} has mixed case but an invalid EIP-55 checksum (expected {expected})");
        }
        return address;
    }

    public static bool TryParse(ReadOnlySpan<char> text, out Address address)
    {
        try
        {
            address = Parse(text);
            return true;
        }
        catch (HexFormatException)
        {
            address = default;
            return false;
        }
    }

    /// <summary>EIP-55: a hex letter is upper-case when the matching nibble of keccak(lower-case hex) is ≥ 8.</summary>
    public string ToChecksumString()
    {
        Span<char> lower = stackalloc char[2 * Length];
        Hex.Write(Bytes, lower);
        Span<byte> ascii = stackalloc byte[2 * Length];
        for (int i = 0; i < ascii.Length; i++) ascii[i] = (byte)lower[i];
        Span<byte> hash = stackalloc byte[32];
        Keccak256.Hash(ascii, hash);
        Span<char> result = stackalloc char[2 + 2 * Length];
        result[0] = '0';
        result[1] = 'x';
        for (int i = 0; i < lower.Length; i++)
        {
            int nibble = (i & 1) == 0 ? hash[i / 2] >> 4 : hash[i / 2] & 0xF;
            char c = lower[i];
            result[2 + i] = c >= 'a' && nibble >= 8 ? char.ToUpperInvariant(c) : c;
        }
        return new string(result);
    }

    /// <summary>Three word compares: maps keyed by address (state, warm sets, Block-STM's memory) compare on every probe.</summary>
    public bool Equals(Address other)
    {
        ref byte a = ref Unsafe.AsRef(in _bytes[0]);
        ref byte b = ref Unsafe.AsRef(in other._bytes[0]);
        return Unsafe.ReadUnaligned<ulong>(ref a) == Unsafe.ReadUnaligned<ulong>(ref b)
            && Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref a, 8)) == Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, 8))
            && Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref a, 16)) == Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref b, 16));
    }

    public override bool Equals(object? obj) => obj is Address a && Equals(a);
    public override int GetHashCode() => MemoryMarshal.Read<int>(Bytes[16..]);
    public int CompareTo(Address other) => Bytes.SequenceCompareTo(other.Bytes);
    public static bool operator ==(Address a, Address b) => a.Equals(b);
    public static bool operator !=(Address a, Address b) => !a.Equals(b);

    /// <summary>0x-prefixed EIP-55 checksummed hex.</summary>
    public override string ToString() => ToChecksumString();

    /// <summary>0x-prefixed lower-case hex (as JSON-RPC returns addresses).</summary>
    public string ToLowerHex() => Hex.Encode(Bytes);
}
