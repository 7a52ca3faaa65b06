namespace AgentChain.Execution;

/// <summary>
/// Runs EVM work on dedicated threads with large stacks: nested calls recurse (up to 1024 frames), more than the
/// default 1 MB stack holds. The same size the state-test runner uses.
/// </summary>
internal static class LargeStackThreads
{
    public const int StackSize = 256 * 1024 * 1024;

    /// <summary>Runs <paramref name="work"/> on <paramref name="count"/> threads (worker ids 0..count-1) and rethrows the first failure.</summary>
    public static void Run(int count, Action<int> work)
    {
        var threads = new Thread[count];
        Exception? failure = null;
        for (int t = 0; t < count; t++)
        {
            int id = t;
            threads[t] = new Thread(() =>
            {
                try { work(id); }
                catch (Exception e) { Interlocked.CompareExchange(ref failure, e, null); }
            }, StackSize) { IsBackground = true, Name = $"block-executor-{id}" };
            threads[t].Start();
        }
        foreach (Thread thread in threads) thread.Join();
        if (failure is not null) throw new InvalidOperationException("block execution failed: " + failure.Message, failure);
    }
}
