using AgentChain.Agents.Models;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Agents.Hosting;

/// <summary>The call an agent's spec derives from one inference: target, value, calldata and the decoded arguments (for logs).</summary>
public sealed record PlannedAction(Address Target, UInt256 Value, byte[] Data, IReadOnlyList<object?> Arguments, ModelEvaluation Evaluation);
