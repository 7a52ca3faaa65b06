namespace AgentChain.Execution;

/// <summary>Tuning of <see cref="ParallelBlockExecutor"/>; the defaults are what the node uses.</summary>
public sealed record ParallelExecutorOptions
{
    /// <summary>Worker threads (0: one per core).</summary>
    public int Threads { get; init; }

    /// <summary>Blocks with fewer transactions run sequentially: scheduling costs more than it saves.</summary>
    public int MinParallelTransactions { get; init; } = 32;

    /// <summary>When phase 1 chains more than this share of the block behind predicted conflicts, run it sequentially.</summary>
    public double MaxChainedShare { get; init; } = 0.6;

    /// <summary>Run Block-STM even where the adaptive policy would fall back (tests, and benchmarking the machinery itself).</summary>
    public bool ForceParallel { get; init; }
}
