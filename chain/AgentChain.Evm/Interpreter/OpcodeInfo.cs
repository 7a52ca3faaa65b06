namespace AgentChain.Evm.Interpreter;

/// <summary>Per-opcode facts the dispatch loop checks before running it: static gas, items popped, net growth.</summary>
internal struct OpcodeInfo
{
    public long StaticGas;
    public int StackIn;
    public int StackGrowth;
}
