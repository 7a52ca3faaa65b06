using AgentChain.Node.Chain;
using AgentChain.Node.Threading;

namespace AgentChain.Node.Production;

/// <summary>
/// The devnet's driver of the three steps (one validator, final at once): every block time it proposes and executes
/// a block on its own large-stack thread and hands it to the committer. Proposing block n+1 does not wait for block
/// n's store write: n+1 is executed on n's in-memory state while n is written, and only then does the producer wait
/// for n — so at most one block is being written while the next executes. A failure to commit is a broken
/// invariant (the store or the executor misbehaved): the producer stops and reports it, and the node shuts down
/// rather than continuing on a state it cannot trust.
/// </summary>
public sealed class BlockProducer(LocalChain chain, Action<Exception> onFatal) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Thread? _thread;

    public void Start()
    {
        _thread = new Thread(Run, LargeStack.StackSize) { IsBackground = true, Name = "block-producer" };
        _thread.Start();
    }

    private void Run()
    {
        TimeSpan interval = chain.Options.BlockTime;
        DateTime next = DateTime.UtcNow + interval;
        Task<Block>? writing = null;
        while (!_stop.IsCancellationRequested)
        {
            TimeSpan wait = next - DateTime.UtcNow;
            if (wait > TimeSpan.Zero && _stop.Token.WaitHandle.WaitOne(wait)) break;
            next += interval;
            if (next < DateTime.UtcNow) next = DateTime.UtcNow + interval; // fell behind: do not burst to catch up
            try
            {
                Task<Block>? produced = chain.ProduceBlockPipelined();
                writing?.GetAwaiter().GetResult();
                writing = produced;
            }
            catch (Exception e)
            {
                onFatal(e);
                return;
            }
        }
        try
        {
            writing?.GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            onFatal(e);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread?.Join();
        _stop.Dispose();
    }
}
