using System.Runtime.CompilerServices;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Evm.Interpreter;

/// <summary>
/// One call frame: the code being run with its jump table, stack, memory, gas and program counter, and the
/// message context (address, caller, value, input, static flag, depth). Opcodes read and write it directly.
/// </summary>
internal sealed unsafe class ExecutionFrame : IDisposable
{
    /// <summary>Memory beyond this is treated as unaffordable (its cost exceeds any block gas limit the tests use).</summary>
    private const ulong MaxMemory = 0x4000_0000;

    public readonly IHost Host;
    public readonly byte[] Code;
    public readonly CodeAnalysis Analysis;

    /// <summary>The code in the analysis' pinned, zero-padded copy: reads from -32 to Code.Length + 32 are safe.</summary>
    public readonly byte* CodePointer;
    /// <summary>Mutable on purpose (a struct whose methods move its pointer): always used in place, as f.Stack.X.</summary>
    public EvmStack Stack = new();
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
        CodePointer = analysis.Code;
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
    /// Enters the basic block that starts at <paramref name="pc"/>: checks its stack bounds and charges its
    /// static gas in one step. A block that starts with JUMPDEST is entered by that JUMPDEST instead (it is
    /// reached by jumps as well as by falling through), so this does nothing there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EnterBlock(int pc)
    {
        if (CodePointer[pc] != 0x5b) ChargeBlock(pc);
    }

    /// <summary>For the block-ending instructions that continue (GAS, SSTORE, CALL and CREATE family): unless the instruction halted the frame, enter the block after it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EnterNextBlock()
    {
        if (Status == FrameStatus.Running) EnterBlock(Pc);
    }

    /// <summary>Checks and charges the block starting at <paramref name="pc"/> (see <see cref="BasicBlock"/>).</summary>
    public void ChargeBlock(int pc)
    {
        ref readonly BasicBlock block = ref Analysis.BlockAt(pc);
        int height = Stack.Count;
        if (height < block.MinStack) Status = FrameStatus.StackUnderflow;
        else if (height + block.MaxGrowth > EvmStack.Limit) Status = FrameStatus.StackOverflow;
        else if (Gas < block.StaticGas) Status = FrameStatus.OutOfGas;
        else Gas -= block.StaticGas;
    }

    /// <summary>Memory expansion for a 32-byte access at <paramref name="offset"/> (MLOAD, MSTORE): the common in-bounds case without the general path's checks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool ExpandMemoryWord(in UInt256 offset)
    {
        if ((offset.U1 | offset.U2 | offset.U3) != 0 || offset.U0 > MaxMemory)
        {
            Status = FrameStatus.OutOfGas;
            return false;
        }
        long end = (long)offset.U0 + 32;
        return end <= Memory.Size || ExpandMemory(end);
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
