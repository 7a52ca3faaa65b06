namespace AgentChain.Node.Threading;

/// <summary>
/// Runs EVM work on a thread with a large stack: nested calls recurse (1024 frames deep at most), which the
/// default 1 MB thread stack cannot hold. The stack is reserved, not committed, so 256 MB costs little.
/// </summary>
public static class LargeStack
{
    public const int StackSize = 256 * 1024 * 1024;

    public static Task<T> RunAsync<T>(Func<T> work)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try { completion.SetResult(work()); }
            catch (Exception e) { completion.SetException(e); }
        }, StackSize) { IsBackground = true, Name = "evm" };
        thread.Start();
        return completion.Task;
    }

    public static T Run<T>(Func<T> work) => RunAsync(work).GetAwaiter().GetResult();
}
