using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Evm;

/// <summary>What ORIGIN, GASPRICE and BLOBHASH read: fixed for the whole transaction.</summary>
public sealed class TransactionEnvironment
{
    public required Address Origin { get; init; }
    public required UInt256 GasPrice { get; init; }
    public Hash256[] BlobHashes { get; init; } = [];
}
