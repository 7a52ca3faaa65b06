namespace AgentChain.Evm.Interpreter;

/// <summary>
/// Per-opcode facts the code analysis folds into <see cref="BasicBlock"/>s: static gas, items popped, net
/// growth, and whether the instruction ends its basic block.
/// </summary>
internal struct OpcodeInfo
{
    public long StaticGas;
    public int StackIn;
    public int StackGrowth;
    public bool EndsBlock;
}
