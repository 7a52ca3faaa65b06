namespace AgentChain.Bench.Parallel;

/// <summary>One workload at one thread count: throughput of both executors, speedup, wasted work, and the dependency bound.</summary>
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
    bool Identical);
