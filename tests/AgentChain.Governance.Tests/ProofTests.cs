using AgentChain.Attestation.DevTee;
using AgentChain.Attestation.Signed;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Governance.Bindings;
using AgentChain.Governance.Harness;

namespace AgentChain.Governance.Tests;

/// <summary>
/// Every proof mode verifies on our EVM (secp256k1 via ecrecover, P-256 via the P256VERIFY precompile), and a
/// replayed or altered proof is always rejected without moving value or the nonce.
/// </summary>
public sealed class ProofTests
{
    private static readonly UInt256 Ether = Limits.Ether;

    private sealed record Setup(DevChain Chain, AgentChainSystem System, AgentHandle Committer, AgentHandle Tee, DevAccount Payee);

    private static Setup Build()
    {
        var chain = new DevChain();
        var system = AgentChainSystem.Deploy(chain);
        system.EnableDevTee();
        var payee = new DevAccount("payee");
        AgentHandle committer = system.RegisterAgent("committer", accountBalance: Ether * 100);
        AgentHandle tee = system.RegisterAgent("enclave", AttestationMode.Tee, accountBalance: Ether * 100);
        system.RegisterAttestedKey(tee).EnsureSuccess();
        foreach (AgentHandle a in new[] { committer, tee })
            Limits.OpenTransfers(system, a, payee.Address, Ether, new AllowanceConfig(Ether * 50, Ether, Ether, 3_600, 0), Ether * 50, 1_000, 0);
        return new Setup(chain, system, committer, tee, payee);
    }

    public static TheoryData<ProofMode> Modes => new() { ProofMode.SignedCommitment, ProofMode.AttestedKey, ProofMode.TeeReport };

    private static AgentHandle AgentFor(Setup s, ProofMode mode) => mode == ProofMode.SignedCommitment ? s.Committer : s.Tee;

    [Theory]
    [MemberData(nameof(Modes))]
    public void A_valid_proof_is_accepted_once_and_its_replay_is_rejected(ProofMode mode)
    {
        Setup s = Build();
        AgentHandle agent = AgentFor(s, mode);
        AgentProof proof = agent.Prove(mode);
        Hash256 commitment = AgentProver.Commitment(s.Chain.ChainId, agent.Account.Address, agent.Id, agent.Account.Nonce, agent.Inference);

        TxReceipt ok = agent.Account.Execute(agent.Signer, s.Payee.Address, 1_000, [], proof);
        Assert.True(ok.Succeeded, ok.ToString());
        // The contract computed the same commitment as the C# attestation library.
        Assert.Equal(commitment.ToArray(), (byte[])ok.Events("ActionExecuted")[0]["commitment"]!);
        Assert.Equal(ActionStatus.Pending, s.System.Verifier.ActionOf(commitment).Status);

        TxReceipt replay = agent.Account.Execute(agent.Signer, s.Payee.Address, 1_000, [], proof);
        Assert.Equal("InvalidProof", replay.ErrorName);
        Assert.Equal(UInt256.FromBigInteger(1_000), s.Chain.BalanceOf(s.Payee.Address));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Altered_proofs_are_always_rejected(ProofMode mode)
    {
        Setup s = Build();
        AgentHandle agent = AgentFor(s, mode);
        AgentHandle other = mode == ProofMode.SignedCommitment ? s.Tee : s.Committer;
        int seed = 1_000 + (int)mode;
        var rng = new Random(seed);
        UInt256 nonce = agent.Account.Nonce;

        for (int trial = 0; trial < 24; trial++)
        {
            AgentProof good = agent.Prove(mode);
            (string what, AgentProof bad) = Alter(rng, s, agent, other, mode, good);
            TxReceipt r = agent.Account.Execute(agent.Signer, s.Payee.Address, 1_000, [], bad);
            Assert.False(r.Succeeded, $"seed {seed} trial {trial}: a proof with {what} was accepted");
            Assert.True(agent.Account.Nonce == nonce, $"seed {seed} trial {trial}: the nonce moved on a rejected proof ({what})");
        }
        Assert.Equal(UInt256.Zero, s.Chain.BalanceOf(s.Payee.Address));
        // The untouched proof still works: the rejections left no trace in the limits or the nonce.
        Assert.True(agent.Account.Execute(agent.Signer, s.Payee.Address, 1_000, [], agent.Prove(mode)).Succeeded);
    }

    private static (string, AgentProof) Alter(Random rng, Setup s, AgentHandle agent, AgentHandle other, ProofMode mode, AgentProof good)
    {
        Hash256 Flip(Hash256 h)
        {
            byte[] b = h.ToArray();
            b[rng.Next(32)] ^= (byte)(1 << rng.Next(8));
            return new Hash256(b);
        }
        InferenceResult inf = agent.Inference;
        switch (rng.Next(9))
        {
            case 0: return ("an altered runtime id", good with { RuntimeId = Flip(good.RuntimeId) });
            case 1: return ("an altered input hash", good with { InputHash = Flip(good.InputHash) });
            case 2: return ("an altered output hash", good with { OutputHash = Flip(good.OutputHash) });
            case 3: return ("an altered model hash", good with { ModelHash = Flip(good.ModelHash) });
            case 4:
            {
                byte[] e = (byte[])good.Evidence.Clone();
                e[rng.Next(e.Length)] ^= (byte)(1 << rng.Next(8));
                return ("a flipped evidence bit", good with { Evidence = e });
            }
            case 5:
                return ("a proof for a later nonce", agent.Prover.Prove(agent.Account, agent.Id, mode, inf, agent.Account.Nonce + (ulong)rng.Next(1, 5)));
            case 6:
            {
                // Bound to another agent's account and id (a cross-agent replay), evidence by this agent's keys.
                return ("another agent's commitment", agent.Prover.Prove(other.Account, other.Id, mode, inf));
            }
            case 7:
            {
                var foreignChain = new DevChain(chainId: 1);
                var mirror = new ControllableAgent(foreignChain, agent.Account.Address);
                return ("another chain's commitment", agent.Prover.Prove(mirror, agent.Id, mode, inf, agent.Account.Nonce));
            }
            default:
            {
                // Right commitment, wrong proof mode for this agent's attestation policy.
                ProofMode wrong = mode == ProofMode.SignedCommitment ? ProofMode.AttestedKey : ProofMode.SignedCommitment;
                return ($"mode {wrong} evidence", agent.Prover.Prove(agent.Account, agent.Id, wrong, inf) with { Mode = wrong });
            }
        }
    }

    [Fact]
    public void Revoking_the_measurement_voids_the_attested_key_at_once()
    {
        Setup s = Build();
        Assert.True(s.Tee.Account.Execute(s.Tee.Signer, s.Payee.Address, 1, [], s.Tee.Prove(ProofMode.AttestedKey)).Succeeded);
        s.System.Registry.SetMeasurementAccepted(s.System.Guardian, s.Tee.Id, s.Tee.Prover.Measurement, false).EnsureSuccess();
        Assert.Equal("InvalidProof", s.Tee.Account.Execute(s.Tee.Signer, s.Payee.Address, 1, [], s.Tee.Prove(ProofMode.AttestedKey)).ErrorName);
        Assert.Equal("InvalidProof", s.Tee.Account.Execute(s.Tee.Signer, s.Payee.Address, 1, [], s.Tee.Prove(ProofMode.TeeReport)).ErrorName);
    }

    [Fact]
    public void Only_the_agents_signer_may_act_and_a_rejection_is_recorded_by_tryExecute()
    {
        Setup s = Build();
        AgentHandle a = s.Committer;
        Assert.Equal("NotAgentSigner", a.Account.Execute(a.Owner, s.Payee.Address, 1, [], a.Prove()).ErrorName);
        AgentProof bad = a.Prove() with { OutputHash = AgentChainSystem.Word("forged") };
        TxReceipt tried = a.Account.TryExecute(a.Signer, s.Payee.Address, 1, [], bad).EnsureSuccess();
        var rejected = Assert.Single(tried.Events("ActionRejected"));
        Assert.Equal("InvalidProof", s.Chain.DecodeRevert((byte[])rejected["reason"]!).Error?.Name);
    }

    [Fact]
    public void An_attested_key_needs_a_report_signed_by_the_platform_key()
    {
        Setup s = Build();
        AgentHandle late = s.System.RegisterAgent("late", AttestationMode.Tee);
        var rogue = P256SigningKey.FromSeed("rogue-platform");
        P256SigningKey key = late.Prover.AttestedKey!;
        Hash256 reportData = InsecureDevTeeReport.KeyBinding(s.Chain.ChainId, late.Id, key.X, key.Y);
        (Hash256 r, Hash256 sig) = rogue.SignHash(InsecureDevTeeReport.Digest(s.Chain.ChainId, late.Prover.Measurement, reportData));
        TxReceipt refused = s.System.Verifier.RegisterAttestedKeyDevTee(late.Owner, late.Id, late.Prover.Measurement, key.X, key.Y, r, sig);
        Assert.Equal("InvalidTeeEvidence", refused.ErrorName);
        Assert.True(s.System.RegisterAttestedKey(late).Succeeded);
    }
}
