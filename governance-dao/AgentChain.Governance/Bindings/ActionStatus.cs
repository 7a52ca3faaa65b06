namespace AgentChain.Governance.Bindings;

/// <summary><c>InferenceVerifier.ActionStatus</c>.</summary>
public enum ActionStatus : byte
{
    None,
    Pending,
    Challenged,
    Final,
    Fraud,
    /// <summary>The resolver missed its deadline and the challenge was expired: bond refunded, action stands.</summary>
    Unresolved,
}
