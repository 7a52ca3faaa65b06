using AgentChain.Core.Numerics;
using AgentChain.Core.Transactions;
using AgentChain.Core.Types;
using AgentChain.Evm;
using AgentChain.Execution;
using AgentChain.State;

namespace AgentChain.Execution.Tests;

public class SequentialBlockExecutorTests
{
    [Fact]
    public void Plain_transfers_move_value_pay_the_beneficiary_and_produce_cumulative_receipts()
    {
        var keys = TestKeys.Create(2);
        var state = new InMemoryState();
        foreach (var key in keys) state.SetAccount(key.Address, 0, UInt256.Parse("1000000000000000000"), Hash256.EmptyKeccak, null);
        Address coinbase = TestKeys.AddressOf(0xc0);
        var block = TestKeys.Block(coinbase);
        var txs = new[]
        {
            keys[0].Transfer(0, keys[1].Address, 1000),
            keys[0].Transfer(1, TestKeys.AddressOf(0x77), 5),
            keys[1].Transfer(5, keys[0].Address, 1), // nonce too high: rejected
        };
        BlockResult result = new SequentialBlockExecutor(stateRoot: new InMemoryStateRootCalculator()).Execute(block, txs, state);

        Assert.Equal(42_000, result.GasUsed);
        Assert.Equal([21_000L, 42_000L, 42_000L], result.Receipts.Select(r => r.CumulativeGasUsed));
        Assert.True(result.Receipts[0].Success);
        Assert.Equal("TransactionException.NONCE_MISMATCH_TOO_HIGH", result.Receipts[2].Error);
        InMemoryState after = InMemoryStateRootCalculator.Copy(state);
        result.Changes.ApplyTo(after);
        Assert.Equal(new UInt256(5), after.GetAccount(TestKeys.AddressOf(0x77))!.Value.Balance);
        Assert.Equal(2UL, after.GetAccount(keys[0].Address)!.Value.Nonce);
        Assert.Equal(new UInt256(42_000UL * TestKeys.Tip), after.GetAccount(coinbase)!.Value.Balance);
        Assert.Equal(after.ComputeStateRoot(), result.StateRoot);
    }

    [Fact]
    public void A_rejected_transaction_leaves_nothing_behind_for_the_next_transaction_of_its_sender()
    {
        // A rejected transaction returns before its commit while the executors reuse world states between
        // transactions: the sender's later transactions still see its committed nonce, in both executors alike.
        var keys = TestKeys.Create(1);
        var state = new InMemoryState();
        state.SetAccount(keys[0].Address, 0, UInt256.Parse("1000000000000000000"), Hash256.EmptyKeccak, null);
        var block = TestKeys.Block(TestKeys.AddressOf(0xc0));
        var txs = new[]
        {
            keys[0].Transfer(0, TestKeys.AddressOf(0x77), 5),
            keys[0].Transfer(2, TestKeys.AddressOf(0x77), 5), // nonce too high: rejected
            keys[0].Transfer(1, TestKeys.AddressOf(0x77), 5),
            keys[0].Transfer(2, TestKeys.AddressOf(0x77), 5),
        };
        var roots = new InMemoryStateRootCalculator();
        BlockResult sequential = new SequentialBlockExecutor(stateRoot: roots).Execute(block, txs, state);
        Assert.Equal([true, false, true, true], sequential.Receipts.Select(r => r.Success));
        InMemoryState after = InMemoryStateRootCalculator.Copy(state);
        sequential.Changes.ApplyTo(after);
        Assert.Equal(3UL, after.GetAccount(keys[0].Address)!.Value.Nonce);
        Assert.Equal(new UInt256(15), after.GetAccount(TestKeys.AddressOf(0x77))!.Value.Balance);
        foreach (int threads in new[] { 1, 2 })
        {
            BlockResult parallel = new ParallelBlockExecutor(new ParallelExecutorOptions { Threads = threads, ForceParallel = true }, stateRoot: roots).Execute(block, txs, state);
            DeterminismPropertyTests.AssertSameResult(sequential, parallel, $"{threads} threads");
        }
    }
}
