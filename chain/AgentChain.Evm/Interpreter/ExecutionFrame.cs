using System.Runtime.CompilerServices;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Evm.Interpreter;

/// <summary>
/// One call frame: the code being run with its jump table, stack, memory, gas and program counter, and the
/// message context (address, caller, value, input, static flag, depth). Opcodes read and write it directly.
/// </summary>
internal sealed class ExecutionFrame : IDisposable
{
    /// <summary>Memory beyond this is treated as unaffordable (its cost exceeds any block gas limit the tests use).</summary>
    private const ulong MaxMemory = 0x4000_0000;

    public readonly IHost Host;
    public readonly byte[] Code;
    public readonly CodeAnalysis Analysis;
    public readonly EvmStack Stack = new();
    public readonly EvmMemory Memory = new();
    public readonly byte[] Input;
    public readonly Address Address;
    public readonly Address Caller;
    public readonly UInt256 Value;
    public readonly bool IsStatic;
    public readonly int Depth;

    public long Gas;
    public int Pc;
    public int JumpCount;
    public FrameStatus Status;
    public byte[] ReturnData = [];
    public byte[] Output = [];

    public ExecutionFrame(IHost host, byte[] code, CodeAnalysis analysis, in CallMessage message)
    {
        Host = host;
        Code = code;
        Analysis = analysis;
        Input = message.Input;
        Address = message.Target;
        Caller = message.Caller;
        Value = message.Value;
        IsStatic = message.IsStatic;
        Depth = message.Depth;
        Gas = message.Gas;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool UseGas(long amount)
    {
        if (Gas < amount) { Status = FrameStatus.OutOfGas; return false; }
        Gas -= amount;
        return true;
    }

    /// <summary>
    /// Charges for and performs memory expansion to cover [offset, offset+length). A zero length touches no
    /// memory whatever the offset (Yellow Paper M function). Returns false (out of gas) when unaffordable.
    /// </summary>
    public bool ExpandMemory(in UInt256 offset, in UInt256 length)
    {
        if (length.IsZero) return true;
        if (!offset.IsUInt64 || !length.IsUInt64 || offset.U0 > MaxMemory || length.U0 > MaxMemory)
        {
            Status = FrameStatus.OutOfGas;
            return false;
        }
        return ExpandMemory((long)(offset.U0 + length.U0));
    }

    public bool ExpandMemory(long end)
    {
        if (end <= Memory.Size) return true;
        long words = GasCosts.Words(end);
        long cost = GasCosts.MemoryCost(words) - GasCosts.MemoryCost(Memory.Size >> 5);
        if (!UseGas(cost)) return false;
        Memory.Resize(words << 5);
        return true;
    }

    /// <summary>Copies the 32-word-padded source range into memory, zero-filling past the source end.</summary>
    public void CopyToMemory(long memoryOffset, ReadOnlySpan<byte> source, in UInt256 sourceOffset, long length)
    {
        if (length == 0) return;
        Span<byte> destination = Memory.Span(memoryOffset, length);
        long start = sourceOffset.IsUInt64 && sourceOffset.U0 < (ulong)source.Length ? (long)sourceOffset.U0 : source.Length;
        int available = (int)Math.Min(length, source.Length - start);
        source.Slice((int)start, available).CopyTo(destination);
        destination[available..].Clear();
    }

    public void Dispose()
    {
        Stack.Dispose();
        Memory.Dispose();
    }
}
