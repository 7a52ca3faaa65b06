using AgentChain.Core.Numerics;

namespace AgentChain.Agents.NodeRunner;

/// <summary>
/// What <see cref="RunnerRegistration.EnsureAsync"/> found or did: the runner's registry id, whether it registered (or
/// finished registering) now, what it staked now, its active stake afterwards, the chain's minimum stake, and whether
/// the registry allows its feed model (a governance decision the runner cannot make itself; null when no model was checked).
/// </summary>
public sealed record RunnerEnrollment(UInt256 RunnerId, bool RegisteredNow, UInt256 StakedNow, UInt256 ActiveStake, UInt256 MinimumStake, bool? ModelAllowed);
