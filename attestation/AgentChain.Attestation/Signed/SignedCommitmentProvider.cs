using AgentChain.Attestation.Commitments;
using AgentChain.Attestation.Evidence;
using AgentChain.Core.Crypto;

namespace AgentChain.Attestation.Signed;

/// <summary>
/// Optimistic mode: the agent's signer key signs the commitment hash directly (no EIP-191 prefix — the
/// commitment's own domain word already separates it from transactions). Payload: r‖s‖v, 65 bytes, v = 27 +
/// recovery id, so a contract recovers the signer with <c>ecrecover(commitmentHash, v, r, s)</c>.
/// </summary>
public sealed class SignedCommitmentProvider : IEvidenceProvider
{
    private readonly byte[] _privateKey;

    public SignedCommitmentProvider(ReadOnlySpan<byte> privateKey32)
    {
        if (!Secp256k1.IsValidPrivateKey(privateKey32))
            throw new ArgumentException("the signer key must be a valid 32-byte secp256k1 private key", nameof(privateKey32));
        _privateKey = privateKey32.ToArray();
    }

    public EvidenceKind Kind => EvidenceKind.SignedCommitment;

    public AttestationEvidence Attest(InferenceCommitment commitment)
    {
        return new AttestationEvidence(Kind, Secp256k1.Sign(_privateKey, commitment.Hash()).ToRsv());
    }
}
