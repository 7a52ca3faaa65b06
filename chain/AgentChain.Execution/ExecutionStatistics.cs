namespace AgentChain.Execution;

/// <summary>
/// How a block was executed, for benchmarks and the adaptive policy: whether it ran in parallel, with how many
/// workers, how many incarnations beyond the first were needed, and how long the dependency critical path was.
/// </summary>
public sealed record ExecutionStatistics(
    bool RanInParallel,
    int Threads,
    int Transactions,
    int Reexecutions,
    int ValidationFailures,
    int EstimateAborts,
    long CriticalPathGas,
    long TotalGas,
    string? FallbackReason)
{
    public static ExecutionStatistics Sequential(int transactions, long gas, string? reason) =>
        new(false, 1, transactions, 0, 0, 0, gas, gas, reason);

    /// <summary>Total work over the critical path's work: the speedup unlimited workers could reach.</summary>
    public double IdealSpeedup => CriticalPathGas <= 0 ? 1 : (double)TotalGas / CriticalPathGas;
}
