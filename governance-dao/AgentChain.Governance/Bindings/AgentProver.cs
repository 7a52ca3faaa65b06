using System.Security.Cryptography;
using AgentChain.Attestation.Commitments;
using AgentChain.Attestation.DevTee;
using AgentChain.Attestation.Signed;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Governance.Harness;

namespace AgentChain.Governance.Bindings;

/// <summary>
/// Builds the proof for an agent's next action in each mode, from the canonical commitment computed by the
/// attestation library (<see cref="InferenceCommitment"/>), so a passing test also shows the C# and Solidity
/// commitments agree byte for byte.
/// </summary>
public sealed class AgentProver(DevAccount signer, P256SigningKey? attestedKey = null, P256SigningKey? devTeePlatform = null,
    Hash256 measurement = default)
{
    public DevAccount Signer { get; } = signer;
    public P256SigningKey? AttestedKey { get; } = attestedKey;
    public P256SigningKey? DevTeePlatform { get; } = devTeePlatform;
    public Hash256 Measurement { get; } = measurement;

    /// <summary>The commitment for an action of <paramref name="account"/> at <paramref name="nonce"/>.</summary>
    public static Hash256 Commitment(UInt256 chainId, Address account, UInt256 agentId, UInt256 nonce, InferenceResult inference) =>
        new InferenceCommitment(chainId, account, agentId, nonce, inference.ModelHash, inference.RuntimeId, inference.InputHash,
            inference.OutputHash).Hash();

    /// <summary>A proof in <paramref name="mode"/> for the action at <paramref name="nonce"/> (default: the account's current nonce).</summary>
    public AgentProof Prove(ControllableAgent account, UInt256 agentId, ProofMode mode, InferenceResult inference, UInt256? nonce = null)
    {
        Hash256 commitment = Commitment(account.Chain.ChainId, account.Address, agentId, nonce ?? account.Nonce, inference);
        byte[] evidence = mode switch
        {
            ProofMode.SignedCommitment => new SignedCommitmentProvider(Signer.PrivateKey).Attest(
                new InferenceCommitment(account.Chain.ChainId, account.Address, agentId, nonce ?? account.Nonce, inference.ModelHash,
                    inference.RuntimeId, inference.InputHash, inference.OutputHash)).Payload,
            ProofMode.AttestedKey => AttestedKeyEvidence(commitment),
            ProofMode.TeeReport => TeeReportEvidence(account.Chain.ChainId, commitment),
            _ => throw new ArgumentOutOfRangeException(nameof(mode)),
        };
        return new AgentProof(mode, inference.ModelHash, inference.RuntimeId, inference.InputHash, inference.OutputHash, evidence);
    }

    private byte[] AttestedKeyEvidence(Hash256 commitment)
    {
        P256SigningKey key = AttestedKey ?? throw new InvalidOperationException("this prover has no attested key");
        (Hash256 r, Hash256 s) = key.SignHash(SHA256.HashData(commitment.Bytes));
        return AgentProof.AttestedKeyEvidence(r, s);
    }

    /// <summary>The attestation library's dev-TEE provider makes the report; the chain gets its on-chain evidence form.</summary>
    private byte[] TeeReportEvidence(UInt256 chainId, Hash256 commitment)
    {
        P256SigningKey platform = DevTeePlatform ?? throw new InvalidOperationException("this prover has no dev-TEE platform key");
        return new InsecureDevTeeProvider(platform, Measurement).CreateReport(chainId, commitment).OnChainEvidence();
    }
}
