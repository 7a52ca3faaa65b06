using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Governance.Bindings;
using AgentChain.Governance.Harness;

namespace AgentChain.Governance.Tests;

/// <summary>
/// A challenge the resolver never settles expires (bond back to the challenger, action stands, no reputation), and
/// reputation — which scales the allowance refill toward the DAO's cap — counts only value-moving actions, while a
/// lost challenge on any action cuts it to zero.
/// </summary>
public sealed class ChallengeTimeoutAndReputationTests
{
    private static readonly UInt256 Ether = Limits.Ether;

    private sealed record Setup(DevChain Chain, AgentChainSystem System, AgentHandle Agent, DevAccount Payee);

    /// <summary>refillBase 1 ETH, refillCap 3 ETH, ramp 4: each counted action adds 0.5 ETH of refill per period.</summary>
    private static Setup Build()
    {
        var chain = new DevChain();
        var system = AgentChainSystem.Deploy(chain);
        AgentHandle agent = system.RegisterAgent("agent", stake: Ether * 5, accountBalance: Ether * 10);
        var payee = new DevAccount("payee");
        Limits.OpenTransfers(system, agent, payee.Address, Ether, new AllowanceConfig(Ether * 5, Ether, Ether * 3, 3_600, 4), Ether * 5, 1_000, 0);
        return new Setup(chain, system, agent, payee);
    }

    private static Hash256 Act(Setup s, UInt256 value)
    {
        Hash256 actionId = AgentProver.Commitment(s.Chain.ChainId, s.Agent.Account.Address, s.Agent.Id, s.Agent.Account.Nonce, s.Agent.Inference);
        s.Agent.Account.Execute(s.Agent.Signer, s.Payee.Address, value, [], s.Agent.Prove()).EnsureSuccess();
        return actionId;
    }

    [Fact]
    public void An_unresolved_challenge_expires_refunding_the_bond_and_leaving_the_action_standing()
    {
        Setup s = Build();
        InferenceVerifier verifier = s.System.Verifier;
        Hash256 actionId = Act(s, 1_000);
        DevAccount challenger = s.Chain.CreateAccount("challenger", Ether);
        UInt256 bond = s.System.Parameters.ChallengeBond;
        ulong timeout = verifier.ResolutionTimeout;
        Assert.Equal(3UL * 86_400, timeout);

        verifier.Challenge(challenger, actionId, bond).EnsureSuccess();
        var challenged = verifier.ActionOf(actionId);
        Assert.Equal(ActionStatus.Challenged, challenged.Status);
        Assert.Equal(s.Chain.Timestamp + timeout, challenged.ResolveBy);
        // Before the deadline only the resolver can settle it; nobody can expire it.
        Assert.Equal("ResolutionDeadlineNotReached", verifier.ExpireChallenge(challenger, actionId).ErrorName);
        s.Chain.AdvanceTime(timeout);
        Assert.Equal("ResolutionDeadlineNotReached", verifier.ExpireChallenge(challenger, actionId).ErrorName);
        s.Chain.AdvanceTime(1);

        // Past it: the resolver is too late, and anyone may expire the challenge.
        Assert.Equal("ResolutionDeadlinePassed", verifier.Resolve(s.System.Resolver, actionId, true).ErrorName);
        DevAccount anyone = s.Chain.CreateAccount("anyone", Ether);
        TxReceipt expired = verifier.ExpireChallenge(anyone, actionId).EnsureSuccess();
        var e = Assert.Single(expired.Events("ChallengeExpired"));
        Assert.Equal(challenger.Address, (Address)e["challenger"]!);
        Assert.Equal(bond, (UInt256)e["bondRefunded"]!);
        Assert.Equal(ActionStatus.Unresolved, verifier.ActionOf(actionId).Status);
        Assert.Equal("WrongActionStatus", verifier.ExpireChallenge(anyone, actionId).ErrorName);
        Assert.Equal("WrongActionStatus", verifier.Resolve(s.System.Resolver, actionId, true).ErrorName);
        Assert.Equal("WrongActionStatus", verifier.FinalizeAction(anyone, actionId).ErrorName);

        // Nothing is locked or taken: the bond is claimable, the stake whole, no reputation earned.
        UInt256 before = s.Chain.BalanceOf(challenger.Address);
        verifier.Claim(challenger).EnsureSuccess();
        Assert.Equal(before + bond, s.Chain.BalanceOf(challenger.Address));
        Assert.Equal(Ether * 5, s.System.Staking.StakeOf(s.Agent.Id).Active);
        Assert.Equal(UInt256.Zero, verifier.ReputationOf(s.Agent.Id));
    }

    [Fact]
    public void Governance_sets_the_resolution_timeout_for_later_challenges_and_refuses_zero()
    {
        Setup s = Build();
        InferenceVerifier verifier = s.System.Verifier;
        Assert.Equal("InvalidResolutionTimeout", s.Chain.Send(s.System.GovernanceAccount!, verifier.Address, verifier.SetResolutionTimeoutCalldata(0)).ErrorName);
        Assert.Equal("NotGovernance", s.Chain.Send(s.System.Guardian, verifier.Address, verifier.SetResolutionTimeoutCalldata(60)).ErrorName);
        s.System.Govern("resolver gets an hour", (verifier.Address, verifier.SetResolutionTimeoutCalldata(3_600)));
        Assert.Equal(3_600UL, verifier.ResolutionTimeout);
        Hash256 actionId = Act(s, 1_000);
        verifier.Challenge(s.Chain.CreateAccount("challenger", Ether), actionId, s.System.Parameters.ChallengeBond).EnsureSuccess();
        Assert.Equal(s.Chain.Timestamp + 3_600, verifier.ActionOf(actionId).ResolveBy);
        // In time, the resolver still settles it normally.
        s.Chain.AdvanceTime(3_600);
        verifier.Resolve(s.System.Resolver, actionId, false).EnsureSuccess();
        Assert.Equal(ActionStatus.Final, verifier.ActionOf(actionId).Status);
    }

    [Fact]
    public void Only_value_moving_actions_raise_reputation_and_the_refill()
    {
        Setup s = Build();
        InferenceVerifier verifier = s.System.Verifier;
        var zeroValue = Enumerable.Range(0, 6).Select(_ => Act(s, UInt256.Zero)).ToArray();
        Hash256 paying = Act(s, 1_000);
        Assert.All(zeroValue, id => Assert.False(verifier.ActionOf(id).MovedValue));
        Assert.True(verifier.ActionOf(paying).MovedValue);

        s.Chain.AdvanceTime(s.System.Parameters.DefaultChallengeWindow + 1);
        DevAccount keeper = s.Chain.CreateAccount("keeper", Ether);
        foreach (Hash256 id in zeroValue)
        {
            TxReceipt finalized = verifier.FinalizeAction(keeper, id).EnsureSuccess();
            Assert.Empty(finalized.Events("ReputationChanged"));
            Assert.Equal(ActionStatus.Final, verifier.ActionOf(id).Status);
        }
        // Six free no-ops earned nothing: the refill is still the base.
        Assert.Equal(UInt256.Zero, verifier.ReputationOf(s.Agent.Id));
        Assert.Equal(Ether, s.Agent.Account.Allowance.Refill);

        verifier.FinalizeAction(keeper, paying).EnsureSuccess();
        Assert.Equal(UInt256.One, verifier.ReputationOf(s.Agent.Id));
        Assert.Equal(Ether + Ether / 2, s.Agent.Account.Allowance.Refill);
    }

    [Fact]
    public void A_zero_value_action_that_survives_a_challenge_earns_nothing_but_one_proven_fraud_cuts_everything()
    {
        Setup s = Build();
        InferenceVerifier verifier = s.System.Verifier;
        UInt256 bond = s.System.Parameters.ChallengeBond;
        DevAccount challenger = s.Chain.CreateAccount("challenger", Ether);
        Hash256[] paying = [Act(s, 1_000), Act(s, 2_000)];
        Hash256 survived = Act(s, UInt256.Zero);

        verifier.Challenge(challenger, survived, bond).EnsureSuccess();
        verifier.Resolve(s.System.Resolver, survived, false).EnsureSuccess();
        Assert.Equal(UInt256.Zero, verifier.ReputationOf(s.Agent.Id));

        s.Chain.AdvanceTime(s.System.Parameters.DefaultChallengeWindow + 1);
        foreach (Hash256 id in paying) verifier.FinalizeAction(challenger, id).EnsureSuccess();
        Assert.Equal(new UInt256(2UL), verifier.ReputationOf(s.Agent.Id));
        Assert.Equal(Ether * 2, s.Agent.Account.Allowance.Refill);

        // A zero-value action proven fraudulent slashes and resets reputation like any other.
        Hash256 fresh = Act(s, UInt256.Zero);
        verifier.Challenge(challenger, fresh, bond).EnsureSuccess();
        TxReceipt resolved = verifier.Resolve(s.System.Resolver, fresh, true).EnsureSuccess();
        Assert.Single(resolved.Events("Slashed"));
        Assert.Equal(UInt256.Zero, verifier.ReputationOf(s.Agent.Id));
        Assert.Equal(Ether, s.Agent.Account.Allowance.Refill);
    }
}
