using AgentChain.Core.Numerics;

namespace AgentChain.Execution.Parallel;

/// <summary>A location's value as transaction <c>i</c> sees it, or the ESTIMATE that blocks it.</summary>
internal readonly record struct Resolved(bool Blocked, int BlockingTx, UInt256 Number, CodeValue? Code, int WriterTx)
{
    public static Resolved Block(int tx) => new(true, tx, default, null, tx);
}
