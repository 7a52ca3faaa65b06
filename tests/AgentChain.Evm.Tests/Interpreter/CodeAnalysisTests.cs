using AgentChain.Core.Encoding;
using AgentChain.Evm.Interpreter;

namespace AgentChain.Evm.Tests.Interpreter;

/// <summary>The basic blocks the interpreter charges gas and checks the stack by.</summary>
public sealed class CodeAnalysisTests
{
    private static CodeAnalysis Analyse(string hex) => CodeAnalysis.Of(Hex.Decode(hex));

    [Fact]
    public void A_JUMPDEST_starts_a_block_and_STOP_ends_one()
    {
        // PUSH1 1, PUSH1 2, ADD | JUMPDEST, POP, STOP | (end of code)
        CodeAnalysis a = Analyse("6001600201" + "5b5000");
        Assert.Equal(3, a.BlockCount);
        BasicBlock first = a.BlockAt(0);
        Assert.Equal((3 + 3 + 3, 0, 2), (first.StaticGas, first.MinStack, first.MaxGrowth));
        BasicBlock second = a.BlockAt(5);
        Assert.Equal((1 + 2 + 0, 1, 0), (second.StaticGas, second.MinStack, second.MaxGrowth));
        BasicBlock end = a.BlockAt(8);
        Assert.Equal((0L, 0, 0), (end.StaticGas, end.MinStack, end.MaxGrowth));
    }

    [Fact]
    public void A_0x5b_inside_PUSH_data_is_neither_a_jump_destination_nor_a_block_start()
    {
        // PUSH2 0x5b5b, POP, JUMPDEST
        CodeAnalysis a = Analyse("615b5b505b");
        Assert.False(a.IsJumpDest(1));
        Assert.False(a.IsJumpDest(2));
        Assert.True(a.IsJumpDest(4));
        Assert.Equal(2, a.BlockCount);
        Assert.Equal(3 + 2, a.BlockAt(0).StaticGas);
    }

    [Fact]
    public void Instructions_that_read_the_gas_left_end_their_block()
    {
        // PUSH1 0, GAS | PUSH1 0, SSTORE | PUSH0, ... CALL | ADD
        CodeAnalysis a = Analyse("60005a" + "600055" + "5f5f5f5f5f5f5ff1" + "01");
        Assert.Equal(4, a.BlockCount);
        Assert.Equal(3 + 2, a.BlockAt(0).StaticGas);
        Assert.Equal(3, a.BlockAt(3).StaticGas);
        Assert.Equal(1, a.BlockAt(3).MinStack); // SSTORE pops two: its block's own PUSH and one from before (GAS's result)
        Assert.Equal(7 * 2, a.BlockAt(6).StaticGas);
        Assert.Equal(7, a.BlockAt(6).MaxGrowth);
        Assert.Equal(2, a.BlockAt(14).MinStack); // ADD alone: both operands come from before the block
    }

    [Fact]
    public void Stack_bounds_are_the_tightest_over_the_whole_block()
    {
        // POP, POP, PUSH0, PUSH0, PUSH0: needs 2 on entry; the height first drops by 2 then ends 1 higher.
        CodeAnalysis a = Analyse("50505f5f5f");
        BasicBlock b = a.BlockAt(0);
        Assert.Equal(2, b.MinStack);
        Assert.Equal(1, b.MaxGrowth);
    }

    [Fact]
    public void A_PUSH_cut_off_by_the_end_of_code_is_analysed_without_reading_past_it()
    {
        CodeAnalysis a = Analyse("600160"); // PUSH1 1, PUSH1 <missing>
        Assert.Equal(1, a.BlockCount);
        Assert.Equal(6, a.BlockAt(0).StaticGas);
    }
}
