namespace AgentChain.Governance.Bindings;

/// <summary><c>IAgentRegistry.AttestationMode</c>.</summary>
public enum AttestationMode : byte
{
    Commitment,
    Tee,
}
