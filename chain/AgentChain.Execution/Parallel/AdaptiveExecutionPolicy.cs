namespace AgentChain.Execution.Parallel;

/// <summary>
/// Decides, before a block runs, whether Block-STM is expected to beat sequential execution on this machine. Only
/// measured quantities enter: the worker pool's measured capacity (speedup of independent work across its workers),
/// the re-execution rate of recent Block-STM blocks, and the throughput (gas per second) each mode reached on recent
/// blocks. Throughput is kept as the median of the last <see cref="Samples"/> blocks per mode, and Block-STM is
/// chosen only with a <see cref="Margin"/> over sequential: a single noisy block on a loaded host (one sample each
/// was the previous rule) flipped the choice and cost the mixed workload 20 %. The losing mode is re-measured every
/// <see cref="ProbeInterval"/>-th block so the choice follows the workload and the machine. Until each mode has
/// <see cref="ExplorationSamples"/> measurements the two alternate: the first block in each mode runs on code the JIT
/// has not optimised yet, and a single cold sample per mode (the previous rule) kept Block-STM, measured once while
/// cold, off for the next 32 blocks even where it was 1.1-1.4x faster. The capacity and the re-execution rate are
/// predictions: they decide only until both modes are measured (<see cref="Choose"/>).
/// </summary>
internal sealed class AdaptiveExecutionPolicy
{
    public const int Samples = 5;
    public const int ProbeInterval = 32;
    /// <summary>
    /// Block-STM must be this much faster than sequential (medians) to be chosen: within it, noise decides. It was 1.05:
    /// on the mixed block, where forced Block-STM measured 0.85-1.05x sequential in one day's benchmark runs, medians of
    /// warm-up blocks within 5 % of each other chose Block-STM (or switched between the modes), and the adaptive
    /// executor measured 0.75-0.88x in four runs out of four.
    /// </summary>
    public const double Margin = 1.10;
    /// <summary>Below this measured pool capacity the workers do not run side by side (busy or SMT-shared cores).</summary>
    public const double MinCapacity = 1.1;
    /// <summary>Measurements of each mode taken (alternating) before the medians decide.</summary>
    public const int ExplorationSamples = 3;

    private readonly double[] _parallel = new double[Samples];
    private readonly double[] _sequential = new double[Samples];
    private int _parallelCount, _sequentialCount;
    private int _blocksSinceProbe;
    private double _reexecutionRate;

    private readonly double[] _capacity = new double[Samples];
    private int _capacityCount;

    /// <summary>
    /// The pool's measured capacity: set with each new measurement, read as the highest of the last <see cref="Samples"/>
    /// (0: not measured). One probe is a few milliseconds, and a probe reads about 1.0x whenever the host takes a core
    /// for those milliseconds: on this 2-core VM about one probe in five did, several in a row at times, between
    /// readings of 2.0x (the median of three then still read 1.02x for one executor in four in a benchmark run, and kept
    /// it sequential while Block-STM ran 1.3x faster). A pool without free cores never reads high, so the highest
    /// reading is the one to trust; the measured throughputs decide once both modes have been run anyway.
    /// </summary>
    public double Capacity
    {
        get => _capacity.AsSpan(0, _capacityCount) is { Length: > 0 } window ? Max(window) : 0;
        set => Add(_capacity, ref _capacityCount, value);
    }

    private static double Max(ReadOnlySpan<double> values)
    {
        double max = values[0];
        foreach (double v in values) max = Math.Max(max, v);
        return max;
    }

    /// <summary>Re-executions per transaction of recent Block-STM blocks (moving average).</summary>
    public double ReexecutionRate => _reexecutionRate;

    public double ParallelGasPerSecond => Median(_parallel, _parallelCount);

    public double SequentialGasPerSecond => Median(_sequential, _sequentialCount);

    /// <summary>
    /// Null to run Block-STM, or why the block should run sequentially. Until both modes have their exploration samples,
    /// predictions decide: a pool whose probe measured no free cores, or recent re-executions that eat the capacity, keep
    /// blocks sequential (Block-STM is tried every <see cref="ProbeInterval"/>-th block); otherwise the modes alternate.
    /// Once both are measured, the measured throughputs decide and the predictions no longer veto them: the capacity probe
    /// takes a few milliseconds, and on a shared host one low reading (1.03x) kept the ERC-20 block sequential while
    /// Block-STM, forced, ran it 1.36x faster in the same benchmark run.
    /// </summary>
    public string? Choose()
    {
        if (_parallelCount < ExplorationSamples || _sequentialCount < ExplorationSamples)
        {
            if (Capacity > 0 && Capacity < MinCapacity)
                return Probe() ? null : $"worker pool measured {Capacity:F2}x capacity (< {MinCapacity:F2}x: its cores are not free)";
            // The best Block-STM can do here: the capacity, divided by the work re-executions add.
            if (Capacity > 0 && _parallelCount > 0 && Capacity / (1 + _reexecutionRate) < Margin)
                return Probe() ? null : $"{_reexecutionRate:F2} re-executions per transaction on {Capacity:F2}x capacity leave no gain";
            return _parallelCount <= _sequentialCount && _parallelCount < ExplorationSamples
                ? null
                : $"measuring sequential throughput ({_sequentialCount + 1} of {ExplorationSamples})";
        }
        double parallel = ParallelGasPerSecond, sequential = SequentialGasPerSecond;
        if (parallel >= Margin * sequential) return null;
        return Probe() ? null : $"Block-STM measured {parallel / 1e6:F0} MGas/s < {Margin:F2} x sequential {sequential / 1e6:F0} MGas/s on this machine";
    }

    /// <summary>Capacity probes in the window (up to <see cref="Samples"/>): the executor probes on every block until it has <see cref="ExplorationSamples"/>, then every few seconds.</summary>
    public int CapacityProbes => _capacityCount;

    private bool Probe()
    {
        if (++_blocksSinceProbe < ProbeInterval) return false;
        _blocksSinceProbe = 0;
        return true;
    }

    /// <summary>A block's measured throughput in the mode it ran in, and for Block-STM its re-executions per transaction.</summary>
    public void Learn(bool parallel, double gasPerSecond, double reexecutionsPerTransaction)
    {
        if (gasPerSecond <= 0 || double.IsNaN(gasPerSecond)) return;
        if (parallel)
        {
            Add(_parallel, ref _parallelCount, gasPerSecond);
            _reexecutionRate = _parallelCount == 1 ? reexecutionsPerTransaction : 0.5 * _reexecutionRate + 0.5 * reexecutionsPerTransaction;
        }
        else Add(_sequential, ref _sequentialCount, gasPerSecond);
    }

    // Newest sample replaces the oldest; the count saturates at the window.
    private static void Add(double[] window, ref int count, double value)
    {
        Array.Copy(window, 0, window, 1, window.Length - 1);
        window[0] = value;
        count = Math.Min(count + 1, window.Length);
    }

    private static double Median(double[] window, int count)
    {
        if (count == 0) return 0;
        Span<double> sorted = stackalloc double[count];
        window.AsSpan(0, count).CopyTo(sorted);
        sorted.Sort();
        return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
    }
}
