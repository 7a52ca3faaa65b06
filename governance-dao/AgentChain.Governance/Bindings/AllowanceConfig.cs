using AgentChain.Core.Numerics;

namespace AgentChain.Governance.Bindings;

/// <summary>The arguments of <c>ControllableAgent.setAllowance</c> (Zodiac-Roles allowance with reputation-scaled refill).</summary>
public sealed record AllowanceConfig(UInt256 MaxRefill, UInt256 RefillBase, UInt256 RefillCap, ulong Period, ulong ReputationRamp);
