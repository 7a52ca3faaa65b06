namespace AgentChain.Governance.Bindings;

/// <summary><c>ControllableAgent.ProofMode</c>: how a proof's evidence proves the commitment.</summary>
public enum ProofMode : byte
{
    SignedCommitment,
    AttestedKey,
    TeeReport,
}
