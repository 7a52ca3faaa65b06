namespace AgentChain.Evm.Interpreter;

/// <summary>
/// The dispatch loop: fetch the opcode from the padded code and call its function through the table, nothing
/// else. Gas and stack bounds are checked per basic block, by <see cref="ExecutionFrame.EnterBlock"/> here for
/// the first block and by JUMPDEST and the block-ending instructions for the others (see
/// <see cref="InstructionTable"/>). Opcodes signal halts through <see cref="ExecutionFrame.Status"/>; there
/// are no exceptions for control flow. Running off the end of the code reads the padding's STOP.
/// </summary>
internal static unsafe class EvmInterpreter
{
    public static void Run(ExecutionFrame frame)
    {
        byte* code = frame.CodePointer;
        delegate*<ExecutionFrame, void>* table = InstructionTable.Functions;
        frame.EnterBlock(frame.Pc);
        while (frame.Status == FrameStatus.Running)
        {
            int pc = frame.Pc;
            frame.Pc = pc + 1;
            table[code[pc]](frame);
        }
    }
}
