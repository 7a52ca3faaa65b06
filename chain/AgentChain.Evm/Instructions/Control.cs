using AgentChain.Core.Numerics;
using AgentChain.Evm.Interpreter;

namespace AgentChain.Evm.Instructions;

/// <summary>STOP, JUMP, JUMPI, PC, JUMPDEST, RETURN, REVERT, INVALID and undefined opcodes.</summary>
internal static class Control
{
    public static void Stop(ExecutionFrame f) => f.Status = FrameStatus.Stop;

    public static void Jump(ExecutionFrame f) => JumpTo(f, f.Stack.Pop());

    /// <summary>JUMPI ends its block: falling through enters the next one (a taken jump lands on a JUMPDEST, which enters its own).</summary>
    public static void JumpI(ExecutionFrame f)
    {
        ref UInt256 destination = ref f.Stack.Pop();
        ref UInt256 condition = ref f.Stack.Pop();
        if (!condition.IsZero) JumpTo(f, destination);
        else f.EnterNextBlock();
    }

    private static void JumpTo(ExecutionFrame f, in UInt256 destination)
    {
        if (!destination.IsUInt64 || destination.U0 > int.MaxValue || !f.Analysis.IsJumpDest((long)destination.U0))
        {
            f.Status = FrameStatus.InvalidJump;
            return;
        }
        f.Pc = (int)destination.U0;
        if ((++f.JumpCount & 0x3FFF) == 0) f.Host.CheckDeadline();
    }

    public static void Pc(ExecutionFrame f) => f.Stack.PushSlot() = new UInt256((ulong)(f.Pc - 1));

    /// <summary>JUMPDEST starts a basic block: check the block's stack bounds and charge its static gas (its own 1 included).</summary>
    public static void JumpDest(ExecutionFrame f) => f.ChargeBlock(f.Pc - 1);

    public static void Return(ExecutionFrame f) => Halt(f, FrameStatus.Return);

    public static void Revert(ExecutionFrame f) => Halt(f, FrameStatus.Revert);

    private static void Halt(ExecutionFrame f, FrameStatus status)
    {
        UInt256 offset = f.Stack.Pop();
        UInt256 length = f.Stack.Pop();
        if (!f.ExpandMemory(in offset, in length)) return;
        f.Output = length.IsZero ? [] : f.Memory.Span((long)offset.U0, (long)length.U0).ToArray();
        f.Status = status;
    }

    public static void Invalid(ExecutionFrame f) => f.Status = FrameStatus.InvalidOpcode;
}
