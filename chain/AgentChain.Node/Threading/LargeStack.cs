using System.Collections.Concurrent;

namespace AgentChain.Node.Threading;

/// <summary>
/// Runs EVM work on a thread with a large stack: nested calls recurse (1024 frames deep at most), which the
/// default 1 MB thread stack cannot hold. The stack is reserved, not committed, so 256 MB costs little.
/// </summary>
/// <remarks>
/// <see cref="Run{T}"/> hands the work to a fixed set of such threads kept for the life of the process: starting a
/// 256 MB-stack thread per <c>eth_call</c> cost more than a small call itself (measured with
/// <c>../shared/bench/evm-bench.mjs</c>: it was part of the node's per-call overhead). The queue is bounded, so a
/// flood of calls waits at admission instead of growing memory. Work that must never wait behind calls (or that
/// takes the state write lock while callers hold read locks and wait for the workers) uses
/// <see cref="RunOnOwnThread{T}"/>.
/// </remarks>
public static class LargeStack
{
    public const int StackSize = 256 * 1024 * 1024;

    /// <summary>At most this many calls wait for a worker; more block their callers until one is taken.</summary>
    public const int QueueCapacity = 1024;

    private static readonly BlockingCollection<Action> Queue = new(QueueCapacity);
    private static readonly int WorkerCount = Math.Max(2, Environment.ProcessorCount);
    private static int _started;

    [ThreadStatic] private static bool _onLargeStack;

    /// <summary>Runs <paramref name="work"/> on one of the kept large-stack workers (inline when already on one).</summary>
    public static T Run<T>(Func<T> work)
    {
        if (_onLargeStack) return work();
        EnsureWorkers();
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.Add(() => Complete(completion, work));
        return completion.Task.GetAwaiter().GetResult();
    }

    /// <summary>Runs <paramref name="work"/> on a new large-stack thread of its own (for rare work such as mining on request).</summary>
    public static T RunOnOwnThread<T>(Func<T> work)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            _onLargeStack = true;
            Complete(completion, work);
        }, StackSize) { IsBackground = true, Name = "evm" };
        thread.Start();
        return completion.Task.GetAwaiter().GetResult();
    }

    /// <summary>Runs <paramref name="work"/> and hands its result or its exception to the waiting caller.</summary>
    private static void Complete<T>(TaskCompletionSource<T> completion, Func<T> work)
    {
        try { completion.SetResult(work()); }
        catch (Exception e) { completion.SetException(e); }
    }

    private static void EnsureWorkers()
    {
        if (Volatile.Read(ref _started) != 0 || Interlocked.Exchange(ref _started, 1) != 0) return;
        for (int i = 0; i < WorkerCount; i++)
        {
            new Thread(() =>
            {
                _onLargeStack = true;
                // Each item completes its own TaskCompletionSource, so nothing thrown reaches this loop.
                foreach (Action item in Queue.GetConsumingEnumerable()) item();
            }, StackSize) { IsBackground = true, Name = $"evm-{i}" }.Start();
        }
    }
}
