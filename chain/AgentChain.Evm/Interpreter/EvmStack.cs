using System.Buffers;
using System.Runtime.CompilerServices;
using AgentChain.Core.Numerics;

namespace AgentChain.Evm.Interpreter;

/// <summary>
/// The operand stack: 1024 words in a pooled array. Bounds are checked once per instruction by the
/// dispatch loop from the opcode's stack table, so pushes and pops here are plain ref accesses; opcodes
/// write results into <see cref="Top"/> in place instead of popping and pushing.
/// </summary>
internal sealed class EvmStack : IDisposable
{
    public const int Limit = 1024;
    private UInt256[] _items = ArrayPool<UInt256>.Shared.Rent(Limit);
    public int Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref UInt256 Pop() => ref _items[--Count];

    public ref UInt256 Top
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref _items[Count - 1];
    }

    /// <summary>The n-th item from the top (0 = top).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref UInt256 Peek(int n) => ref _items[Count - 1 - n];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(in UInt256 value) => _items[Count++] = value;

    /// <summary>A slot above the top for the caller to fill (push without a copy).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref UInt256 PushSlot() => ref _items[Count++];

    public void Dispose()
    {
        ArrayPool<UInt256>.Shared.Return(_items);
        _items = [];
    }
}
