namespace AgentChain.Bench.Parallel;

/// <summary>
/// One workload at one thread count: throughput of the sequential executor, of the parallel executor as the node
/// runs it (adaptive: it may choose sequential, <see cref="Mode"/> says why) and of Block-STM forced on; speedups,
/// re-executions per transaction of the Block-STM run, and the ideal speedup from the dependency critical path.
/// CPU time per transaction (process CPU time over the timed execution, median) is the overhead figure that stays
/// meaningful on a shared machine: Block-STM's at 1 thread over sequential's is the machinery's cost per transaction.
/// Bytes allocated per transaction (all threads, median run) show the garbage each executor leaves for the GC.
/// <see cref="SequentialCopiesSpeedup"/> is what the machine gives this workload's own work on T threads: T copies of
/// the sequential executor running the block at once, nothing to coordinate, T times sequential's time over their time
/// (1.0 at one thread). A reference for the speedups, not a bound: each copy brings its own working set.
/// </summary>
public sealed record ParallelBenchmarkRow(
    string Name,
    int Txs,
    int Threads,
    double SequentialTps,
    double ParallelTps,
    double SequentialMGasPerSecond,
    double ParallelMGasPerSecond,
    double Speedup,
    double ReexecutionsPerTx,
    double IdealSpeedup,
    string Mode,
    double BlockStmTps,
    double BlockStmSpeedup,
    double SequentialCpuMicrosPerTx,
    double BlockStmCpuMicrosPerTx,
    double AdaptiveCpuMicrosPerTx,
    double SequentialAllocBytesPerTx,
    double BlockStmAllocBytesPerTx,
    double SequentialCopiesSpeedup,
    bool Identical)
{
    /// <summary>Block-STM's CPU time per transaction over sequential's (1.0: no overhead; at 2+ threads it includes idle spinning).</summary>
    public double BlockStmCpuRatio => SequentialCpuMicrosPerTx > 0 ? BlockStmCpuMicrosPerTx / SequentialCpuMicrosPerTx : 0;

    /// <summary>
    /// The adaptive executor's CPU per transaction over sequential's: about 1.0 where it chose sequential (its choice
    /// costs only the phase 1 plan), the Block-STM figure where it chose that. Wall-clock speedups of two sequential
    /// runs differ by tens of percent on a loaded host; this ratio does not.
    /// </summary>
    public double AdaptiveCpuRatio => SequentialCpuMicrosPerTx > 0 ? AdaptiveCpuMicrosPerTx / SequentialCpuMicrosPerTx : 0;
}
