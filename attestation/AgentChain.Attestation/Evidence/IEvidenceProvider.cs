using AgentChain.Attestation.Commitments;

namespace AgentChain.Attestation.Evidence;

/// <summary>Produces evidence that binds one inference commitment (the agent runtime's side).</summary>
public interface IEvidenceProvider
{
    EvidenceKind Kind { get; }

    AttestationEvidence Attest(InferenceCommitment commitment);
}
