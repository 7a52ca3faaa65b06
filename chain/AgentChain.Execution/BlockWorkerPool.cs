using System.Runtime.CompilerServices;

namespace AgentChain.Execution;

/// <summary>
/// A fixed set of large-stack threads (<see cref="LargeStackThreads.StackSize"/>: nested EVM calls recurse) that stay
/// alive between blocks, so a block does not pay for starting its workers. The caller of <see cref="Run"/> waits while
/// every worker runs the block's work once. Workers idle for <see cref="IdleExit"/> end (an executor that is no longer
/// used does not keep threads forever) and are started again by the next block. One block at a time: concurrent
/// callers are serialised.
/// </summary>
internal sealed class BlockWorkerPool
{
    public static readonly TimeSpan IdleExit = TimeSpan.FromSeconds(30);

    private readonly Thread?[] _threads;
    private readonly object _gate = new();
    private readonly object _oneBlockAtATime = new();
    private Action<int>? _work;
    private long _generation;
    private int _pending;
    private Exception? _failure;

    public BlockWorkerPool(int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        _threads = new Thread?[workers];
    }

    public int Workers => _threads.Length;

    /// <summary>Runs <paramref name="work"/> once on every worker (ids 0..Workers-1) and rethrows the first failure.</summary>
    public void Run(Action<int> work)
    {
        lock (_oneBlockAtATime)
        {
            lock (_gate)
            {
                _work = work;
                _failure = null;
                _pending = _threads.Length;
                _generation++;
                for (int id = 0; id < _threads.Length; id++)
                    if (_threads[id] is null) Start(id);
                Monitor.PulseAll(_gate);
                while (_pending > 0) Monitor.Wait(_gate);
                _work = null;
            }
            if (_failure is { } failure) throw new InvalidOperationException("block execution failed: " + failure.Message, failure);
        }
    }

    /// <summary>Runs <paramref name="body"/> for 0..<paramref name="length"/>-1 on the workers (see the overload).</summary>
    public void For(int length, Action<int> body) => For(length, (_, index) => body(index));

    /// <summary>
    /// Runs <paramref name="body"/>(worker, index) for index 0..<paramref name="length"/>-1. Workers claim chunks of
    /// consecutive indices: no two write neighbouring slots of an output array (the cache line would move between
    /// cores on every write), and a worker that falls behind simply takes fewer chunks.
    /// </summary>
    public void For(int length, Action<int, int> body, int chunk = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunk, 1);
        var claimed = new StrongBox<int>(0);
        Run(worker =>
        {
            while (true)
            {
                int start = Interlocked.Add(ref claimed.Value, chunk) - chunk;
                if (start >= length) return;
                int end = Math.Min(length, start + chunk);
                for (int i = start; i < end; i++) body(worker, i);
            }
        });
    }

    /// <summary>
    /// The pool's capacity now: how much faster all workers finish independent work than one worker does (the
    /// worker count on free cores; less on busy or SMT-shared ones). Each worker runs the same ~1 ms integer loop,
    /// once alone and once all together; the median of three such pairs.
    /// </summary>
    public double MeasureCapacity()
    {
        int workers = _threads.Length;
        if (workers == 1) return 1;
        Span<double> ratios = stackalloc double[3];
        for (int round = 0; round < ratios.Length; round++)
        {
            double one = TimeSpinning(1), all = TimeSpinning(workers);
            ratios[round] = all > 0 ? workers * one / all : workers;
        }
        ratios.Sort();
        return ratios[1];
    }

    private static long _spinSink;

    /// <summary>
    /// Seconds from the moment every busy worker is awake to the moment the last one finished its loop. Timing from
    /// the call instead counted how long the workers took to wake: on this VM a worker parked in a wait can take a
    /// millisecond to get a core back, as long as the loop itself, and about one probe in four read 1.0x on two free
    /// cores. Waiting workers yield, so on a single core the last one still gets to arrive, and the loops then share the
    /// core: the span from the common start to the last finish is what a block's workers would see.
    /// </summary>
    private double TimeSpinning(int busyWorkers)
    {
        int arrived = 0;
        long released = 0, lastFinish = 0;
        Run(id =>
        {
            if (id >= busyWorkers) return;
            if (Interlocked.Increment(ref arrived) == busyWorkers) Volatile.Write(ref released, System.Diagnostics.Stopwatch.GetTimestamp());
            else
            {
                var wait = new SpinWait();
                while (Volatile.Read(ref released) == 0) wait.SpinOnce(sleep1Threshold: -1);
            }
            // xorshift: cheap, branch-free, and its result is kept so the loop is not optimised away.
            ulong x = 0x9E3779B97F4A7C15UL + (ulong)id;
            for (int i = 0; i < 1_000_000; i++)
            {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
            }
            Interlocked.Add(ref _spinSink, (long)x);
            long finish = System.Diagnostics.Stopwatch.GetTimestamp(), seen;
            while (finish > (seen = Volatile.Read(ref lastFinish)) && Interlocked.CompareExchange(ref lastFinish, finish, seen) != seen) { }
        });
        return (double)(lastFinish - released) / System.Diagnostics.Stopwatch.Frequency;
    }

    // Called under _gate. The new thread waits for the generation after the one current at its start minus one, so it
    // runs the block being started now.
    private void Start(int id)
    {
        long seen = _generation - 1;
        var thread = new Thread(() => Loop(id, seen), LargeStackThreads.StackSize) { IsBackground = true, Name = $"block-worker-{id}" };
        _threads[id] = thread;
        thread.Start();
    }

    private void Loop(int id, long seen)
    {
        while (true)
        {
            Action<int> work;
            lock (_gate)
            {
                while (_generation == seen)
                {
                    if (!Monitor.Wait(_gate, IdleExit) && _generation == seen)
                    {
                        _threads[id] = null;
                        return;
                    }
                }
                seen = _generation;
                work = _work!;
            }
            try
            {
                work(id);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, e, null);
            }
            lock (_gate)
            {
                if (--_pending == 0) Monitor.PulseAll(_gate);
            }
        }
    }
}
