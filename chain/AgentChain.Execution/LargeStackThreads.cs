namespace AgentChain.Execution;

/// <summary>
/// Runs EVM work on dedicated threads with large stacks: nested calls recurse (up to 1024 frames), more than the
/// default 1 MB stack holds. The same size the state-test runner uses. Short data-parallel steps (sender recovery,
/// resolving the diff) also use dedicated threads rather than the thread pool: idle pool workers spin for a while
/// after a parallel loop and take the cores the block's workers need next.
/// </summary>
internal static class LargeStackThreads
{
    public const int StackSize = 256 * 1024 * 1024;

    /// <summary>For work that does not run the EVM.</summary>
    public const int SmallStackSize = 1024 * 1024;

    /// <summary>
    /// Runs <paramref name="body"/> for 0..<paramref name="length"/>-1 on <paramref name="threads"/> dedicated small-stack
    /// threads, each taking one contiguous range (strided indices had the threads writing neighbouring array slots).
    /// </summary>
    public static void For(int length, int threads, Action<int> body)
    {
        int count = Math.Clamp(length / 64, 1, Math.Max(1, threads));
        Run(count, worker =>
        {
            int end = (int)((long)length * (worker + 1) / count);
            for (int i = (int)((long)length * worker / count); i < end; i++) body(i);
        }, SmallStackSize);
    }

    /// <summary>Runs <paramref name="work"/> on <paramref name="count"/> threads (worker ids 0..count-1) and rethrows the first failure.</summary>
    public static void Run(int count, Action<int> work, int stackSize = StackSize)
    {
        if (count == 1 && stackSize < StackSize)
        {
            work(0);
            return;
        }
        var threads = new Thread[count];
        Exception? failure = null;
        for (int t = 0; t < count; t++)
        {
            int id = t;
            threads[t] = new Thread(() =>
            {
                try { work(id); }
                catch (Exception e) { Interlocked.CompareExchange(ref failure, e, null); }
            }, stackSize) { IsBackground = true, Name = $"block-executor-{id}" };
            threads[t].Start();
        }
        foreach (Thread thread in threads) thread.Join();
        if (failure is not null) throw new InvalidOperationException("block execution failed: " + failure.Message, failure);
    }
}
