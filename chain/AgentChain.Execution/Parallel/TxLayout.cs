namespace AgentChain.Execution.Parallel;

/// <summary>
/// Where transaction <c>i</c>'s entry lives in a per-transaction array of Block-STM's state (status, incarnation,
/// outcome, fee, read and write sets, ...). Workers run neighbouring transactions at the same time, so with plain
/// indexing the entries they write share cache lines, and every such write moved a line between cores: the 2-thread
/// run spent about 1.5 times the CPU per transaction of the 1-thread run. Here transactions <c>i</c> and <c>i+1</c>
/// are a sixteenth of the array apart; a line holds entries of transactions 16 apart, which no two workers run at once.
/// </summary>
internal readonly struct TxLayout
{
    private const int Ways = 16;
    private readonly int _stride;

    public TxLayout(int transactions) => _stride = Math.Max(1, (transactions + Ways - 1) / Ways);

    /// <summary>The length a per-transaction array needs.</summary>
    public int Length => _stride * Ways;

    /// <summary>Transaction <paramref name="tx"/>'s index in a per-transaction array.</summary>
    public int this[int tx] => (tx & (Ways - 1)) * _stride + (tx >> 4);
}
