using AgentChain.Core.Types;

namespace AgentChain.Attestation.Evidence;

/// <summary>
/// Decides whether evidence binds an expected commitment hash. Never throws for bad evidence: every
/// rejection is a verdict with a <see cref="RejectionCode"/> and a message saying what was wrong.
/// </summary>
public interface IEvidenceVerifier
{
    EvidenceKind Kind { get; }

    AttestationVerdict Verify(AttestationEvidence evidence, Hash256 expectedCommitment);
}
