using AgentChain.Core.Types;

namespace AgentChain.Agents.NodeRunner;

/// <summary>The outcome of re-executing a challenged action: fraud or not, and why, in words a reviewer can check.</summary>
public sealed record ChallengeVerdict(Hash256 ActionId, bool Fraud, string Reason)
{
    public override string ToString() => $"action {ActionId}: {(Fraud ? "FRAUD" : "honest")} — {Reason}";
}
