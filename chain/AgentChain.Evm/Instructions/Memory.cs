using AgentChain.Core.Numerics;
using AgentChain.Evm.Interpreter;

namespace AgentChain.Evm.Instructions;

/// <summary>MLOAD, MSTORE, MSTORE8, MSIZE, MCOPY (EIP-5656).</summary>
internal static class Memory
{
    private static readonly UInt256 Word = new(32);

    public static void MLoad(ExecutionFrame f)
    {
        ref UInt256 top = ref f.Stack.Top;
        if (!f.ExpandMemory(in top, in Word)) return;
        top = UInt256.FromBigEndian(f.Memory.Span((long)top.U0, 32));
    }

    public static void MStore(ExecutionFrame f)
    {
        UInt256 offset = f.Stack.Pop();
        ref UInt256 value = ref f.Stack.Pop();
        if (!f.ExpandMemory(in offset, in Word)) return;
        value.WriteBigEndian(f.Memory.Span((long)offset.U0, 32));
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
