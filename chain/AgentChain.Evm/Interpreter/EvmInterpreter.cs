namespace AgentChain.Evm.Interpreter;

/// <summary>
/// The dispatch loop: per instruction, check the stack bounds and charge the static gas from the opcode's
/// table entry, then call its function. Opcodes signal halts through <see cref="ExecutionFrame.Status"/>;
/// there are no exceptions for control flow.
/// </summary>
internal static unsafe class EvmInterpreter
{
    public static void Run(ExecutionFrame frame)
    {
        byte[] code = frame.Code;
        EvmStack stack = frame.Stack;
        delegate*<ExecutionFrame, void>* table = InstructionTable.Functions;
        OpcodeInfo* info = InstructionTable.Info;
        while (frame.Status == FrameStatus.Running)
        {
            int pc = frame.Pc;
            if ((uint)pc >= (uint)code.Length)
            {
                frame.Status = FrameStatus.Stop;
                break;
            }
            byte op = code[pc];
            OpcodeInfo* i = info + op;
            if (stack.Count < i->StackIn) { frame.Status = FrameStatus.StackUnderflow; break; }
            if (stack.Count + i->StackGrowth > EvmStack.Limit) { frame.Status = FrameStatus.StackOverflow; break; }
            if (frame.Gas < i->StaticGas) { frame.Status = FrameStatus.OutOfGas; break; }
            frame.Gas -= i->StaticGas;
            frame.Pc = pc + 1;
            table[op](frame);
        }
    }
}
