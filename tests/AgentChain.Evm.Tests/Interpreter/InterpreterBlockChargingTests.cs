using AgentChain.Core.Encoding;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Evm.Precompiles;
using AgentChain.State;

namespace AgentChain.Evm.Tests.Interpreter;

/// <summary>
/// Charging gas and checking the stack per basic block must look, from outside, exactly like doing it per
/// instruction: what GAS reads, where a frame runs out of gas, and which stack heights fail.
/// </summary>
public sealed class InterpreterBlockChargingTests
{
    private static readonly Address Contract = new(Hex.Decode("00000000000000000000000000000000000c0de0"));
    private static readonly Address Sender = new(Hex.Decode("00000000000000000000000000000000000a11ce"));

    private static CallResult Run(byte[] code, long gas)
    {
        var committed = new InMemoryState();
        committed.SetAccount(Contract, 0, UInt256.Zero, Core.Crypto.Keccak256.Hash(code), code);
        var state = new WorldState(committed);
        var block = new BlockEnvironment
        {
            Coinbase = default, Number = 1, Timestamp = 1, GasLimit = 30_000_000, BaseFee = UInt256.Zero, PrevRandao = UInt256.Zero,
        };
        var host = new EvmHost(state, block, new TransactionEnvironment { Origin = Sender, GasPrice = UInt256.Zero }, PrecompileSet.Cancun);
        return host.Execute(new CallMessage(CallKind.Call, Sender, Contract, Contract, UInt256.Zero, [], gas, 0, false));
    }

    private static byte[] Code(string hex) => Hex.Decode(hex);

    /// <summary>…, MSTORE at 0, RETURN 32 bytes: the word left on the stack.</summary>
    private const string ReturnTop = "5f52" + "60205ff3";

    private static UInt256 Returned(CallResult r)
    {
        Assert.Equal(CallStatus.Success, r.Status);
        return UInt256.FromBigEndian(r.Output);
    }

    [Fact]
    public void GAS_reads_the_gas_left_after_exactly_the_instructions_before_it()
    {
        // PUSH1 7, POP, GAS: 3 + 2 + 2 charged when GAS reads.
        Assert.Equal(new UInt256(100_000 - 7), Returned(Run(Code("600750" + "5a" + ReturnTop), 100_000)));
    }

    [Fact]
    public void GAS_after_a_JUMPI_that_falls_through_sees_the_fall_through_block_charged_only_up_to_it()
    {
        // PUSH0 (condition), PUSH1 9, JUMPI (not taken) | PUSH1 1, POP, GAS, ... | JUMPDEST
        byte[] code = Code("5f6009" + "57" + "600150" + "5a" + ReturnTop + "5b");
        Assert.Equal(new UInt256(100_000 - (2 + 3 + 10) - (3 + 2 + 2)), Returned(Run(code, 100_000)));
    }

    [Fact]
    public void A_taken_jump_charges_the_destination_block_on_its_JUMPDEST()
    {
        // PUSH1 4, JUMP, INVALID, JUMPDEST(4), GAS, ...
        byte[] code = Code("600456" + "fe" + "5b" + "5a" + ReturnTop);
        Assert.Equal(new UInt256(100_000 - (3 + 8) - (1 + 2)), Returned(Run(code, 100_000)));
    }

    [Fact]
    public void A_frame_with_exactly_enough_gas_succeeds_and_one_less_fails_with_all_gas_used()
    {
        // PUSH1 1, PUSH1 2, ADD, POP, STOP: 3 + 3 + 3 + 2 = 11.
        byte[] code = Code("600160020150" + "00");
        CallResult enough = Run(code, 11);
        Assert.Equal((CallStatus.Success, 0L), (enough.Status, enough.GasLeft));
        CallResult shortByOne = Run(code, 10);
        Assert.Equal((CallStatus.Failure, 0L), (shortByOne.Status, shortByOne.GasLeft));
    }

    [Fact]
    public void Stack_underflow_anywhere_in_a_block_fails_the_frame()
    {
        // PUSH0, POP, POP: the second POP underflows.
        CallResult r = Run(Code("5f5050"), 100_000);
        Assert.Equal((CallStatus.Failure, 0L), (r.Status, r.GasLeft));
    }

    [Fact]
    public void The_stack_holds_1024_items_and_not_1025()
    {
        CallResult full = Run(Code(string.Concat(Enumerable.Repeat("5f", 1024)) + "00"), 100_000);
        Assert.Equal(CallStatus.Success, full.Status);
        CallResult over = Run(Code(string.Concat(Enumerable.Repeat("5f", 1025)) + "00"), 100_000);
        Assert.Equal((CallStatus.Failure, 0L), (over.Status, over.GasLeft));
    }

    [Fact]
    public void PUSH_immediates_are_big_endian_and_read_zeros_past_the_end_of_code()
    {
        Assert.Equal(new UInt256(0x0102), Returned(Run(Code("610102" + ReturnTop), 100_000)));
        Assert.Equal(UInt256.Parse("0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"),
            Returned(Run(Code("7f0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20" + ReturnTop), 100_000)));
        // PUSH3 cut to one byte as the last instruction: nothing can run after it to read the value, so what
        // is observable is that the read past the end is safe and the implicit STOP ends the frame cleanly.
        Assert.Equal(CallStatus.Success, Run(Code("62ab"), 100_000).Status);
    }
}
