using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AgentChain.Core.Numerics;

namespace AgentChain.Evm.Interpreter;

/// <summary>
/// The operand stack: 1024 words in a pinned buffer, addressed through a pointer to the next free slot.
/// Bounds are checked once per basic block from the code analysis (<see cref="BasicBlock"/>), so pushes and
/// pops here are plain pointer moves without array bounds checks; opcodes write results into
/// <see cref="Top"/> in place instead of popping and pushing. A struct held in a mutable field of its
/// <see cref="ExecutionFrame"/>, so an opcode reaches the stack pointer with one load from the frame instead
/// of two dependent ones; never copy it.
/// </summary>
internal unsafe struct EvmStack : IDisposable
{
    public const int Limit = 1024;

    /// <summary>Buffers kept per thread for the next frame; deep call chains beyond this allocate and drop theirs.</summary>
    private const int PoolLimit = 64;

    [ThreadStatic] private static Stack<UInt256[]>? t_pool;

    private UInt256[] _buffer;
    private UInt256* _base;
    private UInt256* _next;

    public EvmStack()
    {
        _buffer = t_pool is { Count: > 0 } pool ? pool.Pop() : GC.AllocateUninitializedArray<UInt256>(Limit, pinned: true);
        _base = (UInt256*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_buffer));
        _next = _base;
    }

    public int Count
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (int)(_next - _base);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref UInt256 Pop() => ref *--_next;

    /// <summary>Removes the top item without reading it (POP).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Drop() => _next--;

    public ref UInt256 Top
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref _next[-1];
    }

    /// <summary>The n-th item from the top (0 = top).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref UInt256 Peek(int n) => ref _next[-1 - n];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(in UInt256 value) => *_next++ = value;

    /// <summary>A slot above the top for the caller to fill (push without a copy).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref UInt256 PushSlot() => ref *_next++;

    /// <summary>DUPn: copies the n-th item (1 = top) onto the top.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Dup(int n)
    {
        UInt256* next = _next;
        *next = next[-n];
        _next = next + 1;
    }

    /// <summary>SWAPn: exchanges the top with the item n below it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Swap(int n)
    {
        UInt256* top = _next - 1;
        UInt256 value = *top;
        *top = top[-n];
        top[-n] = value;
    }

    public void Dispose()
    {
        if (_buffer.Length == 0) return;
        t_pool ??= new Stack<UInt256[]>();
        if (t_pool.Count < PoolLimit) t_pool.Push(_buffer);
        _buffer = [];
        _next = _base = null;
    }
}
