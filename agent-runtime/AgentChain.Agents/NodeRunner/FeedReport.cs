using System.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Agents.NodeRunner;

/// <summary>One AIFeed report a runner submitted: round, scaled value, its commitment and the transaction.</summary>
public sealed record FeedReport(ulong RoundId, BigInteger Value, Hash256 Commitment, Hash256 TransactionHash);
