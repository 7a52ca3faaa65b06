using AgentChain.Core.Numerics;
using AgentChain.Evm.Interpreter;

namespace AgentChain.Evm.Instructions;

/// <summary>MLOAD, MSTORE, MSTORE8, MSIZE, MCOPY (EIP-5656).</summary>
internal static class Memory
{
    public static void MLoad(ExecutionFrame f)
    {
        ref UInt256 top = ref f.Stack.Top;
        if (!f.ExpandMemoryWord(in top)) return;
        top = f.Memory.ReadWord((long)top.U0);
    }

    public static void MStore(ExecutionFrame f)
    {
        ref UInt256 offset = ref f.Stack.Pop();
        ref UInt256 value = ref f.Stack.Pop();
        if (!f.ExpandMemoryWord(in offset)) return;
        f.Memory.WriteWord((long)offset.U0, in value);
    }

    public static void MStore8(ExecutionFrame f)
    {
        UInt256 offset = f.Stack.Pop();
        ref UInt256 value = ref f.Stack.Pop();
        if (!f.ExpandMemory(in offset, UInt256.One)) return;
        f.Memory.Span((long)offset.U0, 1)[0] = (byte)value.U0;
    }

    public static void MSize(ExecutionFrame f) => f.Stack.PushSlot() = new UInt256((ulong)f.Memory.Size);

    /// <summary>MCOPY: 3 + 3 per word, with memory expanded to cover the larger of source and destination ends.</summary>
    public static void MCopy(ExecutionFrame f)
    {
        UInt256 destination = f.Stack.Pop();
        UInt256 source = f.Stack.Pop();
        UInt256 length = f.Stack.Pop();
        if (length.IsZero) return;
        if (!length.IsUInt64 || length.U0 > int.MaxValue) { f.Status = FrameStatus.OutOfGas; return; }
        if (!f.UseGas(GasCosts.CopyWord * GasCosts.Words((long)length.U0))) return;
        if (!f.ExpandMemory(in destination, in length) || !f.ExpandMemory(in source, in length)) return;
        f.Memory.Span((long)source.U0, (long)length.U0).CopyTo(f.Memory.Span((long)destination.U0, (long)length.U0));
    }
}
