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

    /// <summary>Compute the dependency critical path after each block (<see cref="ExecutionStatistics.IdealSpeedup"/>); costs a pass over every read set.</summary>
    public bool MeasureCriticalPath { get; init; }

    /// <summary>Run Block-STM even where the adaptive policy would fall back (tests, and benchmarking the machinery itself).</summary>
    public bool ForceParallel { get; init; }

    /// <summary>
    /// Early stop: when aborted incarnations exceed this share of the transactions started so far (and at least
    /// <see cref="MinAbortsBeforeStop"/>), Block-STM stops and the block is finished sequentially from its committed
    /// prefix; the result is unchanged, the re-execution storm is cut short. Null: never stop (benchmarking the
    /// machinery). Applies with <see cref="ForceParallel"/> too.
    /// </summary>
    public double? SequentialFinishAbortShare { get; init; } = 0.25;

    /// <summary>Aborts below this count never stop a block early (small blocks conflict by chance).</summary>
    public int MinAbortsBeforeStop { get; init; } = 16;
}
