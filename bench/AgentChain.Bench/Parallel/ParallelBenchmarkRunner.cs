using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AgentChain.Core.Crypto;
using AgentChain.Core.Transactions;
using AgentChain.Execution;

namespace AgentChain.Bench.Parallel;

/// <summary>
/// <c>agentchain bench parallel</c>: blocks of 10,000 transactions (ETH transfers, OpenZeppelin ERC-20 transfers,
/// swaps on one Uniswap V2 pair, and a 40/40/20 mix) executed by the sequential executor and by the Block-STM
/// executor at 1, 2, ... threads. Times are medians of <c>runs</c> timed executions after one untimed one (which also
/// teaches the parallel executor's conflict hints, as a node's previous blocks would). Sender recovery is done
/// before timing for both executors (the same parallel step in each); state-root hashing is not timed.
/// Each timed run also records the process's CPU time: Block-STM's CPU per transaction at 1 thread over sequential's
/// is the machinery's overhead, a figure that stays meaningful when other processes share the cores (wall-clock
/// speedups at 2+ threads then understate what an idle machine gives).
/// </summary>
public static class ParallelBenchmarkRunner
{
    public const int DefaultTransactions = ParallelWorkloads.Accounts;

    public static readonly string[] Workloads = ["eth", "erc20", "uniswap", "mixed"];

    /// <summary>
    /// What the machine itself gives at each thread count: the speedup of an embarrassingly parallel loop (Keccak-256
    /// of 32 bytes, no shared state), median of five. On a shared or SMT-sibling machine this is well below the thread
    /// count, and no executor can beat it; the parallel speedups are to be read against it.
    /// </summary>
    public static Dictionary<int, double> MeasureCapacity(IEnumerable<int> threadCounts)
    {
        const int hashes = 400_000;
        double Loop(int threads)
        {
            var watch = Stopwatch.StartNew();
            System.Threading.Tasks.Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
            {
                Span<byte> buffer = stackalloc byte[32];
                for (int i = 0; i < hashes / threads; i++) Keccak256.Hash(buffer, buffer);
            });
            return watch.Elapsed.TotalSeconds;
        }
        var capacity = new Dictionary<int, double>();
        foreach (int threads in threadCounts)
        {
            var ratios = new List<double>();
            for (int r = 0; r < 5; r++) ratios.Add(Loop(1) / Loop(threads));
            capacity[threads] = Median(ratios);
        }
        return capacity;
    }

    public static IReadOnlyList<ParallelBenchmarkRow> Run(int runs, int accounts, IReadOnlyList<string> workloads, TextWriter? progress)
    {
        ParallelWorkloads world = ParallelWorkloads.Create(accounts, progress);
        int cores = Environment.ProcessorCount;
        int[] threadCounts = ThreadCounts();
        var rows = new List<ParallelBenchmarkRow>();
        var roots = new InMemoryStateRootCalculator();
        foreach (string workload in workloads)
        {
            IReadOnlyList<Transaction> block = world.Build(workload);
            progress?.WriteLine($"{workload}: {block.Count} transactions");
            var sequential = new SequentialBlockExecutor(recoveryThreads: cores);
            var parallel = threadCounts.Select(t => new ParallelBlockExecutor(new ParallelExecutorOptions { Threads = t })).ToArray();
            // Forced: Block-STM for the whole block, no adaptive choice and no early stop: the machinery's own cost.
            var forcedStm = threadCounts.Select(t => new ParallelBlockExecutor(new ParallelExecutorOptions { Threads = t, ForceParallel = true, SequentialFinishAbortShare = null })).ToArray();
            // Untimed warm-up (JIT tiers; the adaptive executors learn this workload's conflicts and this machine's
            // throughput in each mode, as they would from a node's previous blocks).
            BlockResult expected = sequential.Execute(world.Block, block, world.State);
            // Six blocks for the adaptive executors: their policy alternates the two modes until it has measured each three
            // times (the first block in each mode runs on cold code), then it chooses.
            for (int w = 0; w < 6; w++) foreach (ParallelBlockExecutor p in w < 3 ? parallel.Concat(forcedStm) : parallel) p.Execute(world.Block, block, world.State);
            // Timed runs interleave the executors so that load from other processes on a shared machine hits all alike.
            var sequentialTimes = new List<double>();
            var sequentialCpu = new List<double>();
            var sequentialAlloc = new List<double>();
            var parallelTimes = threadCounts.Select(_ => new List<double>()).ToArray();
            var parallelCpu = threadCounts.Select(_ => new List<double>()).ToArray();
            var forcedTimes = threadCounts.Select(_ => new List<double>()).ToArray();
            var forcedCpu = threadCounts.Select(_ => new List<double>()).ToArray();
            var forcedAlloc = threadCounts.Select(_ => new List<double>()).ToArray();
            var last = new BlockResult[threadCounts.Length];
            var parallelRuns = new int[threadCounts.Length]; // timed runs in which the adaptive executor chose Block-STM
            var lastForced = new BlockResult[threadCounts.Length];
            // The machine's gain on this workload's own work: T copies of the sequential executor, each running the whole
            // block at once on its own thread.
            var copies = threadCounts.Select(t => Enumerable.Range(0, t).Select(_ => new SequentialBlockExecutor(recoveryThreads: 1)).ToArray()).ToArray();
            foreach (SequentialBlockExecutor[] set in copies.Where(c => c.Length > 1)) RunConcurrently(set, world, block);
            var copyTimes = threadCounts.Select(_ => new List<double>()).ToArray();
            for (int r = 0; r < runs; r++)
            {
                sequentialTimes.Add(Time(() => sequential.Execute(world.Block, block, world.State), sequentialCpu, sequentialAlloc));
                for (int t = 0; t < threadCounts.Length; t++)
                {
                    int index = t;
                    parallelTimes[t].Add(Time(() => last[index] = parallel[index].Execute(world.Block, block, world.State), parallelCpu[t]));
                    if (last[t].Statistics.RanInParallel) parallelRuns[t]++;
                    forcedTimes[t].Add(Time(() => lastForced[index] = forcedStm[index].Execute(world.Block, block, world.State), forcedCpu[t], forcedAlloc[t]));
                    if (copies[t].Length > 1) copyTimes[t].Add(RunConcurrently(copies[t], world, block));
                }
            }
            double sequentialSeconds = Median(sequentialTimes);
            var reference = roots.ComputeRoot(world.State, expected.Changes);
            // The dependency critical path is a property of the block; take it from a run that is always Block-STM.
            BlockResult forced = new ParallelBlockExecutor(new ParallelExecutorOptions { Threads = 2, ForceParallel = true, SequentialFinishAbortShare = null, MeasureCriticalPath = true }).Execute(world.Block, block, world.State);
            double ideal = forced.Statistics.IdealSpeedup;
            for (int t = 0; t < threadCounts.Length; t++)
            {
                BlockResult actual = last[t];
                double parallelSeconds = Median(parallelTimes[t]);
                double forcedSeconds = Median(forcedTimes[t]);
                double copiesSpeedup = copies[t].Length > 1 ? copies[t].Length * sequentialSeconds / Median(copyTimes[t]) : 1.0;
                bool identical = Same(actual, expected, reference, roots, world) && Same(lastForced[t], expected, reference, roots, world);
                double gas = expected.GasUsed / 1e6;
                ExecutionStatistics stats = actual.Statistics;
                string mode = stats.RanInParallel ? "block-stm" : "sequential (" + stats.FallbackReason + ")";
                // The policy can change its choice between timed runs (two modes measured within its margin): say so,
                // since the adaptive figures are then medians over runs of both kinds.
                if (parallelRuns[t] > 0 && parallelRuns[t] < runs) mode = $"block-stm in {parallelRuns[t]} of {runs} timed runs; last: {mode}";
                var row = new ParallelBenchmarkRow(workload, block.Count, threadCounts[t], block.Count / sequentialSeconds, block.Count / parallelSeconds,
                    gas / sequentialSeconds, gas / parallelSeconds, sequentialSeconds / parallelSeconds, (double)lastForced[t].Statistics.Reexecutions / block.Count,
                    ideal, mode, block.Count / forcedSeconds, sequentialSeconds / forcedSeconds,
                    Median(sequentialCpu) * 1e6 / block.Count, Median(forcedCpu[t]) * 1e6 / block.Count, Median(parallelCpu[t]) * 1e6 / block.Count,
                    Median(sequentialAlloc) / block.Count, Median(forcedAlloc[t]) / block.Count, copiesSpeedup, identical);
                rows.Add(row);
                progress?.WriteLine($"  {threadCounts[t]} threads: {row.Speedup:F2}x ({mode}); Block-STM forced {row.BlockStmSpeedup:F2}x, {threadCounts[t]} sequential copies at once {row.SequentialCopiesSpeedup:F2}x, CPU/tx {row.BlockStmCpuRatio:F2}x sequential's, allocated {row.BlockStmAllocBytesPerTx:F0} B/tx vs {row.SequentialAllocBytesPerTx:F0}{(identical ? "" : "  RESULT DIFFERS")}");
            }
        }
        return rows;
    }

    /// <summary>
    /// Wall-clock seconds for every executor of <paramref name="copies"/> to run the whole block, all at once, each on its
    /// own thread (started, and waiting on one signal, before the clock starts). The copies share nothing but the parent
    /// state they read (its lazily cached storage roots were filled by the untimed runs before). T times sequential's
    /// time over this time is what the machine gives T independent streams of this workload's own work: below T where
    /// the cores share caches and memory bandwidth, or the host's other guests take their time. It is a reference, not
    /// a bound: each copy has its own block working set and garbage, twice the memory traffic of one executor sharing
    /// them, so Block-STM can exceed it (it did on the ERC-20 block).
    /// </summary>
    private static double RunConcurrently(SequentialBlockExecutor[] copies, ParallelWorkloads world, IReadOnlyList<Transaction> block)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var start = new ManualResetEventSlim(false);
        using var ready = new CountdownEvent(copies.Length);
        var threads = copies.Select(copy => new Thread(() =>
        {
            ready.Signal();
            start.Wait();
            copy.Execute(world.Block, block, world.State);
        })).ToArray();
        foreach (Thread thread in threads) thread.Start();
        ready.Wait();
        var watch = Stopwatch.StartNew();
        start.Set();
        foreach (Thread thread in threads) thread.Join();
        return watch.Elapsed.TotalSeconds;
    }

    private static bool Same(BlockResult actual, BlockResult expected, AgentChain.Core.Types.Hash256 reference, InMemoryStateRootCalculator roots, ParallelWorkloads world) =>
        actual.GasUsed == expected.GasUsed && roots.ComputeRoot(world.State, actual.Changes) == reference
        && actual.Receipts.Zip(expected.Receipts).All(p => p.First.Success == p.Second.Success && p.First.CumulativeGasUsed == p.Second.CumulativeGasUsed && p.First.Bloom.Equals(p.Second.Bloom));

    public static int[] ThreadCounts() => new[] { 1, 2, 4, 8, 16 }.Where(t => t <= Math.Max(2, Environment.ProcessorCount)).ToArray();

    /// <summary>
    /// Wall-clock seconds of one execution; its process CPU seconds (all threads, GC included) go to <paramref name="cpuSeconds"/>
    /// and the bytes it allocated (all threads) to <paramref name="allocatedBytes"/> when given.
    /// </summary>
    private static double Time(Action execute, List<double>? cpuSeconds = null, List<double>? allocatedBytes = null)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using Process process = Process.GetCurrentProcess();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        execute();
        double seconds = watch.Elapsed.TotalSeconds;
        allocatedBytes?.Add(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore);
        process.Refresh();
        cpuSeconds?.Add((process.TotalProcessorTime - cpuBefore).TotalSeconds);
        return seconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }

    public static void WriteTable(IReadOnlyList<ParallelBenchmarkRow> rows, IReadOnlyDictionary<int, double> capacity, TextWriter output)
    {
        output.WriteLine($"threads available: {Environment.ProcessorCount}; machine capacity (embarrassingly parallel Keccak loop): "
            + string.Join(", ", capacity.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} threads {c.Value:F2}x"))));
        output.WriteLine($"{"workload",-8} {"txs",6} {"thr",3} {"seq TPS",10} {"par TPS",10} {"seq MGas/s",10} {"par MGas/s",10} {"speedup",7} {"STM TPS",9} {"STM x",6} {"reexec/tx",9} {"ideal",7} {"seq CPU/tx",10} {"STM CPU/tx",10} {"CPU x",6} {"ad CPU x",8} {"seq B/tx",8} {"STM B/tx",8} {"copies x",8}  mode of the adaptive executor");
        foreach (ParallelBenchmarkRow r in rows)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Name,-8} {r.Txs,6} {r.Threads,3} {r.SequentialTps,10:F0} {r.ParallelTps,10:F0} {r.SequentialMGasPerSecond,10:F1} {r.ParallelMGasPerSecond,10:F1} {r.Speedup,6:F2}x {r.BlockStmTps,9:F0} {r.BlockStmSpeedup,5:F2}x {r.ReexecutionsPerTx,9:F3} {r.IdealSpeedup,6:F1}x {r.SequentialCpuMicrosPerTx,8:F2}us {r.BlockStmCpuMicrosPerTx,8:F2}us {r.BlockStmCpuRatio,5:F2}x {r.AdaptiveCpuRatio,7:F2}x {r.SequentialAllocBytesPerTx,8:F0} {r.BlockStmAllocBytesPerTx,8:F0} {r.SequentialCopiesSpeedup,7:F2}x  {r.Mode}{(r.Identical ? "" : "  RESULT DIFFERS")}"));
    }

    public static void WriteJson(IReadOnlyList<ParallelBenchmarkRow> rows, IReadOnlyDictionary<int, double> capacity, TextWriter output)
    {
        var document = new
        {
            threads_available = Environment.ProcessorCount,
            machine_parallel_capacity = capacity.ToDictionary(c => c.Key.ToString(CultureInfo.InvariantCulture), c => Math.Round(c.Value, 3)),
            workloads = rows.Select(r => new
            {
                name = r.Name,
                txs = r.Txs,
                threads = r.Threads,
                sequential_tps = Math.Round(r.SequentialTps, 1),
                parallel_tps = Math.Round(r.ParallelTps, 1),
                speedup = Math.Round(r.Speedup, 3),
                reexecutions_per_tx = Math.Round(r.ReexecutionsPerTx, 4),
                ideal_speedup = Math.Round(r.IdealSpeedup, 2),
                sequential_mgas_per_s = Math.Round(r.SequentialMGasPerSecond, 2),
                parallel_mgas_per_s = Math.Round(r.ParallelMGasPerSecond, 2),
                block_stm_tps = Math.Round(r.BlockStmTps, 1),
                block_stm_speedup = Math.Round(r.BlockStmSpeedup, 3),
                sequential_cpu_us_per_tx = Math.Round(r.SequentialCpuMicrosPerTx, 3),
                block_stm_cpu_us_per_tx = Math.Round(r.BlockStmCpuMicrosPerTx, 3),
                block_stm_cpu_ratio = Math.Round(r.BlockStmCpuRatio, 3),
                adaptive_cpu_us_per_tx = Math.Round(r.AdaptiveCpuMicrosPerTx, 3),
                adaptive_cpu_ratio = Math.Round(r.AdaptiveCpuRatio, 3),
                sequential_allocated_bytes_per_tx = Math.Round(r.SequentialAllocBytesPerTx),
                block_stm_allocated_bytes_per_tx = Math.Round(r.BlockStmAllocBytesPerTx),
                sequential_copies_speedup = Math.Round(r.SequentialCopiesSpeedup, 3),
                mode = r.Mode,
                identical = r.Identical,
            }),
        };
        output.WriteLine(JsonSerializer.Serialize(document));
    }
}
