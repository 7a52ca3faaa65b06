using AgentChain.Attestation.Evidence;
using AgentChain.Core.Crypto;
using AgentChain.Core.Types;

namespace AgentChain.Attestation.Signed;

/// <summary>Accepts a signed commitment when the address recovered from it is the agent's registered signer.</summary>
public sealed class SignedCommitmentVerifier(Address expectedSigner) : IEvidenceVerifier
{
    public EvidenceKind Kind => EvidenceKind.SignedCommitment;

    public AttestationVerdict Verify(AttestationEvidence evidence, Hash256 expectedCommitment)
    {
        if (evidence.Kind != Kind)
            return AttestationVerdict.Reject(Kind, RejectionCode.WrongEvidenceKind, $"expected {Kind} evidence, got {evidence.Kind}");
        if (evidence.Payload.Length != 65)
            return AttestationVerdict.Reject(Kind, RejectionCode.Malformed, $"a signed commitment is 65 bytes (r‖s‖v), got {evidence.Payload.Length}");
        Address signer;
        try
        {
            var signature = Secp256k1Signature.FromRsv(evidence.Payload);
            // EIP-2: only low-s signatures, so a signature has exactly one valid encoding.
            if (!signature.IsLowS)
                return AttestationVerdict.Reject(Kind, RejectionCode.SignatureInvalid, "signature s is above n/2 (EIP-2 requires low s)");
            signer = Secp256k1.RecoverAddress(expectedCommitment, signature);
        }
        catch (SignatureException e)
        {
            return AttestationVerdict.Reject(Kind, RejectionCode.SignatureInvalid, e.Message);
        }
        if (signer != expectedSigner)
            return AttestationVerdict.Reject(Kind, RejectionCode.SignerMismatch,
                $"the signature over commitment {expectedCommitment} recovers {signer}, not the agent's signer {expectedSigner} (wrong key or tampered commitment)");
        return new AttestationVerdict { Kind = Kind, Commitment = expectedCommitment, Signer = signer };
    }
}
