using AgentChain.Node.Threading;

namespace AgentChain.Node.Production;

/// <summary>
/// Seals a block every block time on its own large-stack thread. A failure to commit is a broken invariant (the
/// store or the executor misbehaved): the producer stops and reports it, and the node shuts down rather than
/// continuing on a state it cannot trust.
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
        while (!_stop.IsCancellationRequested)
        {
            TimeSpan wait = next - DateTime.UtcNow;
            if (wait > TimeSpan.Zero && _stop.Token.WaitHandle.WaitOne(wait)) break;
            next += interval;
            if (next < DateTime.UtcNow) next = DateTime.UtcNow + interval; // fell behind: do not burst to catch up
            try
            {
                chain.ProduceBlock();
            }
            catch (Exception e)
            {
                onFatal(e);
                return;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread?.Join();
        _stop.Dispose();
    }
}
