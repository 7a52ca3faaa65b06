using AgentChain.Agents.Specs;
using AgentChain.Attestation.Commitments;
using AgentChain.Attestation.DevTee;
using AgentChain.Attestation.Signed;
using AgentChain.Core.Types;
using AgentChain.Governance.Bindings;

namespace AgentChain.Agents.Hosting;

/// <summary>
/// The <c>proof</c> argument of <c>ControllableAgent.execute</c> for a commitment, in the spec's proof mode: the signer's
/// signature over the raw commitment (optimistic mode), or a dev-TEE report whose report data is the commitment.
/// </summary>
public static class CommitmentProver
{
    public static AgentProof Prove(AgentSpec spec, byte[] signerKey, InferenceCommitment c)
    {
        switch (spec.Proof)
        {
            case ProofKind.SignedCommitment:
                byte[] signature = new SignedCommitmentProvider(signerKey).Attest(c).Payload;
                return new AgentProof(ProofMode.SignedCommitment, c.ModelHash, c.RuntimeId, c.InputHash, c.OutputHash, signature);
            case ProofKind.DevTee:
                // INSECURE-DEV: the platform key is derived from a seed in the spec; only a devnet whose governance
                // registered this key (InferenceVerifier.setDevTeeKey) and accepted the measurement takes the report.
                var platform = new InsecureDevTeeProvider(P256SigningKey.FromSeed(spec.DevTeePlatformKeySeed!), spec.DevTeeMeasurement);
                return new AgentProof(ProofMode.TeeReport, c.ModelHash, c.RuntimeId, c.InputHash, c.OutputHash,
                    platform.CreateReport(c.ChainId, c.Hash()).OnChainEvidence());
            default:
                throw new InvalidOperationException($"unknown proof kind {spec.Proof}");
        }
    }
}
