using AgentChain.Core.Numerics;

namespace AgentChain.Execution.Parallel;

/// <summary>How an entry of multi-version memory is to be read.</summary>
internal enum WriteKind : byte
{
    /// <summary>An absolute value (<see cref="VersionedWrite.Number"/> or <see cref="VersionedWrite.Code"/>).</summary>
    Value,
    /// <summary>A balance increment that commutes with other increments (beneficiary fees, plain-transfer credits).</summary>
    Delta,
    /// <summary>The writing incarnation was aborted: its next incarnation will probably write here, so a reader waits for it.</summary>
    Estimate,
}

/// <summary>One write of one transaction incarnation to one location.</summary>
internal struct VersionedWrite
{
    public int TxIndex;
    public int Incarnation;
    public WriteKind Kind;
    public UInt256 Number;
    public CodeValue? Code;
}
