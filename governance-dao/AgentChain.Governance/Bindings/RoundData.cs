using System.Numerics;

namespace AgentChain.Governance.Bindings;

/// <summary>AggregatorV3Interface round data.</summary>
public sealed record RoundData(ulong RoundId, BigInteger Answer, ulong StartedAt, ulong UpdatedAt, ulong AnsweredInRound);
