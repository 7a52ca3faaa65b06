namespace AgentChain.Evm.Interpreter;

/// <summary>
/// What a basic block needs before it may run, checked once on entry instead of per instruction (evmone's
/// block analysis): the sum of its instructions' static gas, the stack height it needs so that no
/// instruction underflows, and its largest height gain so that none overflows.
/// </summary>
internal readonly struct BasicBlock(long staticGas, int minStack, int maxGrowth)
{
    public readonly long StaticGas = staticGas;
    public readonly int MinStack = minStack;
    public readonly int MaxGrowth = maxGrowth;
}
