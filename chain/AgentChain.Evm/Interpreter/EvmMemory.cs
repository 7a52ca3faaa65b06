using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AgentChain.Core.Numerics;

namespace AgentChain.Evm.Interpreter;

/// <summary>Byte-addressed frame memory, grown in 32-byte words into a pooled buffer (zeroed as it grows).</summary>
internal sealed class EvmMemory : IDisposable
{
    private byte[] _buffer = [];

    /// <summary>Active size in bytes (always a multiple of 32).</summary>
    public long Size { get; private set; }

    public Span<byte> Span(long offset, long length) => _buffer.AsSpan((int)offset, (int)length);

    /// <summary>The big-endian word at <paramref name="offset"/>; the caller has expanded memory to cover it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public UInt256 ReadWord(long offset)
    {
        Debug.Assert(offset >= 0 && offset + 32 <= Size);
        ref byte at = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_buffer), (nint)offset);
        return new UInt256(
            BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref at, 24))),
            BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref at, 16))),
            BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref at, 8))),
            BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ulong>(ref at)));
    }

    /// <summary>Writes <paramref name="value"/> big-endian at <paramref name="offset"/>; the caller has expanded memory to cover it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteWord(long offset, in UInt256 value)
    {
        Debug.Assert(offset >= 0 && offset + 32 <= Size);
        ref byte at = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_buffer), (nint)offset);
        Unsafe.WriteUnaligned(ref at, BinaryPrimitives.ReverseEndianness(value.U3));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, 8), BinaryPrimitives.ReverseEndianness(value.U2));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, 16), BinaryPrimitives.ReverseEndianness(value.U1));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, 24), BinaryPrimitives.ReverseEndianness(value.U0));
    }

    /// <summary>Grows the active size to cover <paramref name="end"/> (already rounded and paid for by the caller).</summary>
    public void Resize(long newSize)
    {
        if (newSize <= Size) return;
        if (newSize > _buffer.Length)
        {
            byte[] next = ArrayPool<byte>.Shared.Rent((int)Math.Max(newSize, Math.Min(2L * _buffer.Length, int.MaxValue)));
            _buffer.AsSpan(0, (int)Size).CopyTo(next);
            if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = next;
        }
        _buffer.AsSpan((int)Size, (int)(newSize - Size)).Clear();
        Size = newSize;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        Size = 0;
    }
}
