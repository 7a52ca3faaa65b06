using AgentChain.Attestation.Commitments;
using AgentChain.Attestation.DevTee;
using AgentChain.Attestation.Evidence;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Governance.Bindings;
using AgentChain.Governance.Harness;

namespace AgentChain.Governance.Tests;

/// <summary>
/// One dev-TEE format: evidence made by the attestation library's <see cref="InsecureDevTeeProvider"/> (serialized,
/// parsed back, as an agent runtime would ship it) is accepted by InferenceVerifier on our EVM through P256VERIFY,
/// and the same alterations the C# verifier rejects are rejected on chain.
/// </summary>
public sealed class DevTeeEvidenceTests
{
    private static readonly UInt256 Ether = Limits.Ether;

    private static (DevChain Chain, AgentChainSystem System, AgentHandle Agent, DevAccount Payee) Build()
    {
        var chain = new DevChain();
        var system = AgentChainSystem.Deploy(chain);
        system.EnableDevTee();
        var payee = new DevAccount("payee");
        AgentHandle agent = system.RegisterAgent("enclave", AttestationMode.Tee, accountBalance: Ether * 10);
        Limits.OpenTransfers(system, agent, payee.Address, Ether, new AllowanceConfig(Ether * 5, Ether, Ether, 3_600, 0), Ether * 5, 100, 0);
        return (chain, system, agent, payee);
    }

    private static InferenceCommitment NextCommitment(DevChain chain, AgentHandle agent) =>
        new(chain.ChainId, agent.Account.Address, agent.Id, agent.Account.Nonce, agent.Inference.ModelHash, agent.Inference.RuntimeId,
            agent.Inference.InputHash, agent.Inference.OutputHash);

    private static AgentProof Proof(AgentHandle agent, InsecureDevTeeReport report) =>
        new(ProofMode.TeeReport, agent.Inference.ModelHash, agent.Inference.RuntimeId, agent.Inference.InputHash, agent.Inference.OutputHash,
            report.OnChainEvidence());

    [Fact]
    public void Evidence_from_the_csharp_provider_is_accepted_on_chain()
    {
        (DevChain chain, AgentChainSystem system, AgentHandle agent, DevAccount payee) = Build();
        var provider = new InsecureDevTeeProvider(system.DevTeePlatform, agent.Prover.Measurement);
        InferenceCommitment commitment = NextCommitment(chain, agent);
        AttestationEvidence evidence = provider.Attest(commitment);

        // Off chain: the C# verifier trusts the same key governance registered on chain.
        (Hash256 x, Hash256 y) = provider.PlatformPublicKey;
        AttestationVerdict verdict = new InsecureDevTeeVerifier(x, y).Verify(evidence, commitment.Hash());
        Assert.True(verdict.IsValid, verdict.ToString());
        Assert.True(verdict.Insecure);

        // On chain: the parsed report, as the proof's evidence, passes InferenceVerifier's P256VERIFY check.
        InsecureDevTeeReport report = InsecureDevTeeReport.TryParse(evidence.Payload, out string reason) ?? throw new Xunit.Sdk.XunitException(reason);
        Assert.True(system.Verifier.VerifyDevTeeReport(agent.Id, report.Measurement, report.ReportData, report.R, report.S));
        TxReceipt executed = agent.Account.Execute(agent.Signer, payee.Address, 1_000, [], Proof(agent, report));
        Assert.True(executed.Succeeded, executed.ToString());
        Assert.Equal(commitment.Hash().ToArray(), (byte[])executed.Events("ActionExecuted")[0]["commitment"]!);
        Assert.Equal(new UInt256(1_000UL), chain.BalanceOf(payee.Address));
    }

    [Fact]
    public void Altered_evidence_is_rejected_by_the_csharp_verifier_and_on_chain()
    {
        (DevChain chain, AgentChainSystem system, AgentHandle agent, DevAccount payee) = Build();
        var provider = new InsecureDevTeeProvider(system.DevTeePlatform, agent.Prover.Measurement);
        InferenceCommitment commitment = NextCommitment(chain, agent);
        byte[] good = provider.Attest(commitment).Payload;
        var verifier = new InsecureDevTeeVerifier(provider.PlatformPublicKey.X, provider.PlatformPublicKey.Y);

        // Every bit flip after the marker (chain id, measurement, reportData, r, s) fails off chain. On chain the
        // chain id and reportData are not carried (the chain uses its own and recomputes the commitment), so there a
        // flip of measurement, r or s must fail, and a flipped reportData is a different commitment that fails too.
        var rng = new Random(606);
        for (int trial = 0; trial < 40; trial++)
        {
            int at = InsecureDevTeeReport.MarkerLength + rng.Next(InsecureDevTeeReport.Length - InsecureDevTeeReport.MarkerLength);
            byte[] tampered = (byte[])good.Clone();
            tampered[at] ^= (byte)(1 << rng.Next(8));
            Assert.False(verifier.Verify(new AttestationEvidence(EvidenceKind.InsecureDevTee, tampered), commitment.Hash()).IsValid, $"trial {trial}: byte {at}");
            InsecureDevTeeReport bad = InsecureDevTeeReport.TryParse(tampered, out _)!;
            if (at >= 64)
                Assert.False(system.Verifier.VerifyDevTeeReport(agent.Id, bad.Measurement, bad.ReportData, bad.R, bad.S), $"trial {trial}: byte {at} passed on chain");
        }

        // A report made for another chain does not verify here; nor one signed by another platform key.
        InsecureDevTeeReport otherChain = provider.CreateReport(new UInt256(1UL), commitment.Hash());
        Assert.Equal("InvalidProof", agent.Account.Execute(agent.Signer, payee.Address, 1_000, [], Proof(agent, otherChain)).ErrorName);
        var rogue = new InsecureDevTeeProvider(Attestation.Signed.P256SigningKey.FromSeed("rogue platform"), agent.Prover.Measurement);
        Assert.Equal("InvalidProof", agent.Account.Execute(agent.Signer, payee.Address, 1_000, [], Proof(agent, rogue.CreateReport(chain.ChainId, commitment.Hash()))).ErrorName);
        // A measurement the agent's policy does not accept is refused on chain even with a valid signature.
        var unaccepted = new InsecureDevTeeProvider(system.DevTeePlatform, AgentChainSystem.Word("unaccepted measurement"));
        Assert.Equal("InvalidProof", agent.Account.Execute(agent.Signer, payee.Address, 1_000, [], Proof(agent, unaccepted.CreateReport(chain.ChainId, commitment.Hash()))).ErrorName);

        Assert.Equal(UInt256.Zero, chain.BalanceOf(payee.Address));
        // The untouched report still works: the rejections changed nothing.
        Assert.True(agent.Account.Execute(agent.Signer, payee.Address, 1_000, [], Proof(agent, InsecureDevTeeReport.TryParse(good, out _)!)).Succeeded);
    }
}
