using System.Buffers.Binary;
using AgentChain.Core.Crypto;
using AgentChain.Core.Encoding;

namespace AgentChain.Core.Abi;

/// <summary>
/// The 4-byte selector that starts calldata and custom-error revert data: the first four bytes of Keccak-256 of the
/// canonical signature, e.g. <c>transfer(address,uint256)</c> → <c>0xa9059cbb</c>. A value type, usable as a key.
/// </summary>
public readonly struct FunctionSelector : IEquatable<FunctionSelector>
{
    public const int Length = 4;

    /// <summary>The four bytes as a big-endian number (0xa9059cbb for transfer).</summary>
    public uint Value { get; }

    public FunctionSelector(uint value) => Value = value;

    /// <summary>Reads the first four bytes of <paramref name="bytes"/> (calldata or revert data).</summary>
    public static FunctionSelector Read(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= Length ? new(BinaryPrimitives.ReadUInt32BigEndian(bytes))
        : throw new AbiException($"a selector needs {Length} bytes, got {bytes.Length}");

    /// <summary>The selector of a canonical signature (no spaces, canonical type names).</summary>
    public static FunctionSelector FromSignature(string canonicalSignature)
    {
        ArgumentNullException.ThrowIfNull(canonicalSignature);
        Span<byte> hash = stackalloc byte[32];
        Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes(canonicalSignature), hash);
        return Read(hash);
    }

    /// <summary>Parses 8 hex digits, with or without 0x.</summary>
    public static FunctionSelector Parse(string hex)
    {
        Span<byte> bytes = stackalloc byte[Length];
        try
        {
            Hex.Decode(hex, bytes);
        }
        catch (HexFormatException e)
        {
            throw new AbiException($"invalid selector '{hex}': {e.Message}", e);
        }
        return Read(bytes);
    }

    public void WriteTo(Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, Value);

    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        WriteTo(bytes);
        return bytes;
    }

    public bool Equals(FunctionSelector other) => Value == other.Value;
    public override bool Equals(object? obj) => obj is FunctionSelector s && Equals(s);
    public override int GetHashCode() => (int)Value;
    public static bool operator ==(FunctionSelector a, FunctionSelector b) => a.Value == b.Value;
    public static bool operator !=(FunctionSelector a, FunctionSelector b) => a.Value != b.Value;

    /// <summary>0x-prefixed, 8 lower-case hex digits.</summary>
    public override string ToString() => "0x" + Value.ToString("x8");
}
