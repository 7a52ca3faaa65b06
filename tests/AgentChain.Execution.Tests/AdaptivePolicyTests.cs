using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Execution;
using AgentChain.State;

namespace AgentChain.Execution.Tests;

/// <summary>Phase 1's adaptive policy: what runs sequentially, and what the executor learns from contended blocks.</summary>
public class AdaptivePolicyTests
{
    private static (InMemoryState State, TestKeys[] Keys) World(int senders)
    {
        var keys = TestKeys.Create(senders);
        var state = new InMemoryState();
        foreach (var key in keys) state.SetAccount(key.Address, 0, UInt256.Parse("1000000000000000000"), Hash256.EmptyKeccak, null);
        state.SetAccount(RandomBlockGenerator.Counter, 1, 0, AgentChain.Core.Crypto.Keccak256.Hash(RandomBlockGenerator.CounterRuntime), RandomBlockGenerator.CounterRuntime);
        return (state, keys);
    }

    [Fact]
    public void Tiny_blocks_and_a_single_worker_run_sequentially_and_say_why()
    {
        var (state, keys) = World(4);
        var block = TestKeys.Block(TestKeys.AddressOf(0xc0));
        var txs = keys.Select(k => k.Transfer(0, TestKeys.AddressOf(7), 1)).ToArray();

        BlockResult tiny = new ParallelBlockExecutor(new ParallelExecutorOptions { Threads = 2 }).Execute(block, txs, state);
        BlockResult single = new ParallelBlockExecutor(new ParallelExecutorOptions { Threads = 1, MinParallelTransactions = 1 }).Execute(block, txs, state);

        Assert.False(tiny.Statistics.RanInParallel);
        Assert.Contains("transactions", tiny.Statistics.FallbackReason);
        Assert.False(single.Statistics.RanInParallel);
        Assert.Contains("one worker", single.Statistics.FallbackReason);
    }

    [Fact]
    public void A_block_from_one_sender_is_chained_by_phase_1_and_runs_sequentially()
    {
        var (state, keys) = World(1);
        var block = TestKeys.Block(TestKeys.AddressOf(0xc0));
        var txs = Enumerable.Range(0, 64).Select(n => keys[0].Transfer((ulong)n, TestKeys.AddressOf(n), 1)).ToArray();

        var executor = new ParallelBlockExecutor(new ParallelExecutorOptions { Threads = 2 });
        executor.AssumeCapacity(2.0); // free cores: the measured choice lets it through to the plan on any host
        BlockResult result = executor.Execute(block, txs, state);

        Assert.False(result.Statistics.RanInParallel);
        Assert.Contains("chained", result.Statistics.FallbackReason);
        Assert.All(result.Receipts, r => Assert.True(r.Success));
    }

    [Fact]
    public void A_contract_whose_calls_conflicted_becomes_hot_and_phase_1_chains_its_calls()
    {
        var (_, keys) = World(64);
        var block = TestKeys.Block(TestKeys.AddressOf(0xc0));
        var txs = SenderRecovery.Prepare(keys.Select(k => k.Call(0, RandomBlockGenerator.Counter, 0, [], 100_000)).ToArray(), 2);
        var hints = new Parallel.ConflictHints();

        int[] before = hints.Plan(txs, out int chainedBefore);
        // A parallel run reports what it saw: every call to the counter aborted once.
        var tally = new Parallel.TargetTally();
        foreach (var _ in txs) tally.Count(RandomBlockGenerator.Counter, 1);
        hints.Learn([tally]);
        int[] after = hints.Plan(txs, out int chainedAfter);

        Assert.Equal(0, chainedBefore);
        Assert.All(before, h => Assert.Equal(-1, h));
        Assert.Equal(txs.Length - 1, chainedAfter);
        Assert.Equal(Enumerable.Range(-1, txs.Length), after);
    }

    [Fact]
    public void Contended_blocks_give_the_sequential_result_whether_run_in_parallel_or_chained()
    {
        var (state, keys) = World(128);
        var block = TestKeys.Block(TestKeys.AddressOf(0xc0));
        var txs = keys.Select(k => k.Call(0, RandomBlockGenerator.Counter, 0, [], 100_000)).ToArray();
        var executor = new ParallelBlockExecutor(new ParallelExecutorOptions { Threads = 2 });
        var reference = new SequentialBlockExecutor(stateRoot: new InMemoryStateRootCalculator()).Execute(block, txs, state);
        var roots = new InMemoryStateRootCalculator();
        for (int n = 0; n < 3; n++)
        {
            BlockResult result = executor.Execute(block, txs, state);
            Assert.Equal(reference.StateRoot, roots.ComputeRoot(state, result.Changes));
            Assert.Equal(reference.GasUsed, result.GasUsed);
        }
    }

    [Fact]
    public void Critical_path_of_a_fully_dependent_block_gives_an_ideal_speedup_near_one()
    {
        var (state, keys) = World(64);
        var block = TestKeys.Block(TestKeys.AddressOf(0xc0));
        var txs = keys.Select(k => k.Call(0, RandomBlockGenerator.Counter, 0, [], 100_000)).ToArray();
        var independent = keys.Select((k, i) => k.Transfer(0, TestKeys.AddressOf(0x500 + i), 1)).ToArray();
        var options = new ParallelExecutorOptions { Threads = 2, ForceParallel = true, MeasureCriticalPath = true };

        double serial = new ParallelBlockExecutor(options).Execute(block, txs, state).Statistics.IdealSpeedup;
        double parallel = new ParallelBlockExecutor(options).Execute(block, independent, state).Statistics.IdealSpeedup;

        Assert.InRange(serial, 1.0, 1.1);
        Assert.Equal(64, parallel, 3);
    }

    [Fact]
    public void A_busy_worker_pool_runs_the_block_sequentially_and_says_why()
    {
        var (state, keys) = World(64);
        var block = TestKeys.Block(TestKeys.AddressOf(0xc0));
        var txs = keys.Select((k, i) => k.Transfer(0, TestKeys.AddressOf(0x500 + i), 1)).ToArray();
        var executor = new ParallelBlockExecutor(new ParallelExecutorOptions { Threads = 2 });
        executor.AssumeCapacity(1.0); // as the probe measures it when the other cores are taken

        BlockResult result = executor.Execute(block, txs, state);

        Assert.False(result.Statistics.RanInParallel);
        Assert.Contains("capacity", result.Statistics.FallbackReason);
        Assert.All(result.Receipts, r => Assert.True(r.Success));
    }
}
