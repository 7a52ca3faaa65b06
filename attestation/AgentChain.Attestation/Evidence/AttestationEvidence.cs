namespace AgentChain.Attestation.Evidence;

/// <summary>
/// Opaque evidence bytes and their kind: a 65-byte signature, a dev-TEE report, or a raw DCAP quote.
/// Verifiers parse <see cref="Payload"/> themselves and reject anything malformed with a reason.
/// </summary>
public sealed record AttestationEvidence(EvidenceKind Kind, byte[] Payload)
{
    /// <summary>True for evidence that must never be accepted outside development.</summary>
    public bool IsInsecure => Kind == EvidenceKind.InsecureDevTee;
}
