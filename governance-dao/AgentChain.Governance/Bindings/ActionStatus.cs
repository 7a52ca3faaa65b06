namespace AgentChain.Governance.Bindings;

/// <summary><c>InferenceVerifier.ActionStatus</c>.</summary>
public enum ActionStatus : byte
{
    None,
    Pending,
    Challenged,
    Final,
    Fraud,
}
