using AgentChain.Core.Types;
using AgentChain.Execution;
using AgentChain.State;
using Xunit.Abstractions;

namespace AgentChain.Execution.Tests;

/// <summary>
/// The parallel executor's defining property: for any block, with any number of workers, state root, receipts
/// and gas are those of the sequential executor. CI runs <see cref="DefaultBlocks"/> random blocks; set
/// AGENTCHAIN_PROPERTY_BLOCKS=5000 for a long run, AGENTCHAIN_PROPERTY_SEED=n to replay one failing seed.
/// </summary>
public class DeterminismPropertyTests(ITestOutputHelper output)
{
    private const int DefaultBlocks = 150;
    private static readonly int[] ThreadCounts = [1, 2, 4, 8];

    [Fact]
    public void Random_blocks_execute_identically_in_parallel_and_sequentially()
    {
        int[] seeds = Environment.GetEnvironmentVariable("AGENTCHAIN_PROPERTY_SEED") is { } one
            ? [int.Parse(one)]
            : Enumerable.Range(1, int.TryParse(Environment.GetEnvironmentVariable("AGENTCHAIN_PROPERTY_BLOCKS"), out int n) ? n : DefaultBlocks).ToArray();
        var roots = new InMemoryStateRootCalculator();
        var sequential = new SequentialBlockExecutor(stateRoot: roots);
        var parallel = ThreadCounts.ToDictionary(t => t, t => new ParallelBlockExecutor(new ParallelExecutorOptions { Threads = t, ForceParallel = true, MeasureCriticalPath = true }, stateRoot: roots));
        // The early stop at its most eager (the first abort stops the block): every block that conflicts at all is
        // finished sequentially from a committed prefix, wherever in the block that prefix ends.
        var stopping = ThreadCounts.Where(t => t > 1).ToDictionary(t => t, t => new ParallelBlockExecutor(
            new ParallelExecutorOptions { Threads = t, ForceParallel = true, SequentialFinishAbortShare = 0, MinAbortsBeforeStop = 1 }, stateRoot: roots));
        long transactions = 0, reexecutions = 0, stopped = 0;
        foreach (int seed in seeds)
        {
            RandomBlockGenerator.GeneratedBlock generated = RandomBlockGenerator.Generate(seed);
            BlockResult expected = sequential.Execute(generated.Block, generated.Transactions, generated.Genesis);
            foreach (int threads in ThreadCounts)
            {
                BlockResult actual = parallel[threads].Execute(generated.Block, generated.Transactions, generated.Genesis);
                string where = $"seed {seed} ({generated.Transactions.Count} txs, {generated.Accounts} accounts), {threads} threads; replay with AGENTCHAIN_PROPERTY_SEED={seed}";
                AssertSameResult(expected, actual, where);
                transactions += generated.Transactions.Count;
                reexecutions += actual.Statistics.Reexecutions;
                if (!stopping.TryGetValue(threads, out ParallelBlockExecutor? eager)) continue;
                BlockResult finished = eager.Execute(generated.Block, generated.Transactions, generated.Genesis);
                AssertSameResult(expected, finished, where + " (early stop)");
                transactions += generated.Transactions.Count;
                if (finished.Statistics.FallbackReason?.Contains("stopped") == true) stopped++;
            }
        }
        output.WriteLine($"{seeds.Length} blocks x {ThreadCounts.Length} thread counts (+ early stop at {stopping.Count}): {transactions} transactions, {reexecutions} re-executions, {stopped} blocks finished sequentially from a prefix, all identical");
        // Enough random blocks always contain conflicting ones: the sequential finish must have been exercised.
        if (seeds.Length >= 50) Assert.True(stopped > 0, "no block stopped early: the sequential finish was not exercised");
    }

    internal static void AssertSameResult(BlockResult expected, BlockResult actual, string where)
    {
        Assert.True(expected.StateRoot == actual.StateRoot, $"state root differs: {where}");
        Assert.True(expected.GasUsed == actual.GasUsed, $"gas used {actual.GasUsed} != {expected.GasUsed}: {where}");
        Assert.True(expected.Bloom.Equals(actual.Bloom), $"block bloom differs: {where}");
        Assert.Equal(expected.Receipts.Count, actual.Receipts.Count);
        for (int i = 0; i < expected.Receipts.Count; i++)
        {
            TransactionReceipt e = expected.Receipts[i], a = actual.Receipts[i];
            bool same = e.Success == a.Success && e.GasUsed == a.GasUsed && e.CumulativeGasUsed == a.CumulativeGasUsed && e.Error == a.Error
                && e.ContractAddress == a.ContractAddress && e.Bloom.Equals(a.Bloom) && e.Logs.Count == a.Logs.Count
                && e.Logs.Zip(a.Logs).All(p => p.First.Address == p.Second.Address && p.First.Topics.SequenceEqual(p.Second.Topics) && p.First.Data.AsSpan().SequenceEqual(p.Second.Data));
            Assert.True(same, $"receipt {i} differs ({e.Success}/{e.GasUsed}/{e.Error} vs {a.Success}/{a.GasUsed}/{a.Error}): {where}");
        }
    }
}
