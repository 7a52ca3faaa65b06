namespace AgentChain.Bench.Parallel;

/// <summary>
/// One workload at one thread count: throughput of the sequential executor, of the parallel executor as the node
/// runs it (adaptive: it may choose sequential, <see cref="Mode"/> says why) and of Block-STM forced on; speedups,
/// re-executions per transaction of the Block-STM run, and the ideal speedup from the dependency critical path.
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
    bool Identical);
