using System.Buffers;

namespace AgentChain.Evm.Interpreter;

/// <summary>Byte-addressed frame memory, grown in 32-byte words into a pooled buffer (zeroed as it grows).</summary>
internal sealed class EvmMemory : IDisposable
{
    private byte[] _buffer = [];

    /// <summary>Active size in bytes (always a multiple of 32).</summary>
    public long Size { get; private set; }

    public Span<byte> Span(long offset, long length) => _buffer.AsSpan((int)offset, (int)length);

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
