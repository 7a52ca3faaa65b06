using System.Text.Json.Nodes;
using AgentChain.Agents.Hosting;
using AgentChain.Agents.Specs;
using AgentChain.Attestation.Commitments;
using AgentChain.Attestation.Signed;
using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Governance.Bindings;
using AgentChain.Governance.Harness;

namespace AgentChain.Agents.Tests;

/// <summary>
/// The host's proofs are byte for byte the ones the Governance harness's prover builds — the proofs the contract tests
/// (tests/AgentChain.Governance.Tests) show the ControllableAgent accepts — in both modes the spec offers.
/// </summary>
public class CommitmentProverTests
{
    private static readonly Address Account = Address.Parse("0x9b9C87b74E0Ca48597B6689a4D04292D02f12550");
    private static readonly InferenceResult Inference = new(Keccak256.Hash("model"u8), Keccak256.Hash("runtime"u8), Keccak256.Hash("input"u8),
        Keccak256.Hash("output"u8));

    [Fact]
    public void A_signed_commitment_proof_matches_the_harness_prover()
    {
        byte[] key = Convert.FromHexString("59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
        AgentSpec spec = AgentSpec.Load(TestPaths.DemoSpec);
        AgentProof ours = CommitmentProver.Prove(spec, key, Commitment(7));
        AgentProof harness = new AgentProver(new DevAccount("signer", key)).Prove(new ControllableAgent(new DevChain(), Account), 1, ProofMode.SignedCommitment, Inference, 7);
        Assert.Equal(harness.Encode(), ours.Encode());
    }

    [Fact]
    public void A_dev_tee_proof_matches_the_harness_prover_with_the_same_platform_key_and_measurement()
    {
        JsonObject json = SpecText.Demo();
        Hash256 measurement = Keccak256.Hash("enclave"u8);
        json["proof"] = new JsonObject { ["mode"] = "dev-tee", ["platformKeySeed"] = "dev-tee-platform", ["measurement"] = measurement.ToString() };
        AgentSpec spec = AgentSpec.Parse(json.ToJsonString(), SpecText.DemoDirectory);
        byte[] key = Convert.FromHexString("59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
        AgentProof ours = CommitmentProver.Prove(spec, key, Commitment(3));
        var prover = new AgentProver(new DevAccount("signer", key), devTeePlatform: P256SigningKey.FromSeed("dev-tee-platform"), measurement: measurement);
        AgentProof harness = prover.Prove(new ControllableAgent(new DevChain(), Account), 1, ProofMode.TeeReport, Inference, 3);
        Assert.Equal(ProofMode.TeeReport, ours.Mode);
        Assert.Equal(harness.Encode(), ours.Encode());
    }

    private static InferenceCommitment Commitment(ulong nonce) =>
        new(31337, Account, UInt256.One, nonce, Inference.ModelHash, Inference.RuntimeId, Inference.InputHash, Inference.OutputHash);
}
