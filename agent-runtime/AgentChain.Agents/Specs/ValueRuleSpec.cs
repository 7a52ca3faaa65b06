using AgentChain.Core.Numerics;

namespace AgentChain.Agents.Specs;

/// <summary>
/// The native value the agent attaches to its call: <see cref="Wei"/> when element <see cref="Index"/> of output
/// <see cref="Output"/> is at least <see cref="AtLeast"/>, otherwise nothing.
/// </summary>
public sealed record ValueRuleSpec(string Output, int Index, double AtLeast, UInt256 Wei);
