namespace AgentChain.Execution.Parallel;

/// <summary>
/// Phase 2's early stop: the running transaction read a location whose latest lower writer was aborted
/// (an ESTIMATE). Unwinds the EVM; the scheduler parks the reader until <see cref="BlockingTxIndex"/> re-executes.
/// </summary>
internal sealed class EstimateDependencyException(int blockingTxIndex) : Exception("read an ESTIMATE of transaction " + blockingTxIndex)
{
    public int BlockingTxIndex { get; } = blockingTxIndex;
}
