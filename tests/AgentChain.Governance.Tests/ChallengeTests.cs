using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Governance.Bindings;
using AgentChain.Governance.Harness;

namespace AgentChain.Governance.Tests;

/// <summary>The optimistic challenge game: fraud slashes exactly the configured amount and pays the challenger.</summary>
public sealed class ChallengeTests
{
    private static readonly UInt256 Ether = Limits.Ether;

    private static (DevChain Chain, AgentChainSystem System, AgentHandle Agent, Hash256 ActionId) ActedOnce(SystemParameters p, UInt256 stake)
    {
        var chain = new DevChain();
        var system = AgentChainSystem.Deploy(chain, p);
        AgentHandle agent = system.RegisterAgent("accused", stake: stake, accountBalance: Ether * 10);
        var payee = new DevAccount("payee");
        Limits.OpenTransfers(system, agent, payee.Address, Ether, new AllowanceConfig(Ether * 5, Ether, Ether * 3, 3_600, 4), Ether, 100, 0);
        Hash256 actionId = AgentProver.Commitment(chain.ChainId, agent.Account.Address, agent.Id, agent.Account.Nonce, agent.Inference);
        agent.Account.Execute(agent.Signer, payee.Address, 1_000, [], agent.Prove()).EnsureSuccess();
        return (chain, system, agent, actionId);
    }

    public static TheoryData<int> Seeds => new() { 11, 12, 13, 14, 15 };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_successful_challenge_slashes_exactly_the_configured_amount_and_pays_the_challenger(int seed)
    {
        var rng = new Random(seed);
        UInt256 minimum = Ether;
        UInt256 stake = minimum + (ulong)rng.Next(0, 5_000) * 1_000_000_000_000_000UL; // 1 to 6 ETH
        // Usually below the stake; sometimes above it, where the slash is capped at the stake.
        UInt256 slash = rng.Next(4) == 0 ? stake + Ether : (ulong)rng.Next(1, 1_000) * 1_000_000_000_000_000UL;
        var bps = (ushort)rng.Next(0, 10_001);
        UInt256 bond = (ulong)rng.Next(1, 100) * 1_000_000_000_000_000UL;
        var p = new SystemParameters { MinimumStake = minimum, FraudSlashAmount = slash, ChallengerShareBps = bps, ChallengeBond = bond };
        string context = $"seed {seed} (stake {stake}, slash {slash}, share {bps} bps, bond {bond})";
        (DevChain chain, AgentChainSystem system, AgentHandle agent, Hash256 actionId) = ActedOnce(p, stake);
        DevAccount challenger = chain.CreateAccount("challenger", Ether * 10);
        UInt256 treasuryBefore = chain.BalanceOf(system.Treasury);

        Assert.Equal("WrongBond", system.Verifier.Challenge(challenger, actionId, bond + 1).ErrorName);
        system.Verifier.Challenge(challenger, actionId, bond).EnsureSuccess();
        Assert.Equal("NotResolver", system.Verifier.Resolve(challenger, actionId, true).ErrorName);
        TxReceipt resolved = system.Verifier.Resolve(system.Resolver, actionId, true).EnsureSuccess();

        UInt256 expectedSlash = slash < stake ? slash : stake;
        UInt256 expectedShare = expectedSlash * (ulong)bps / 10_000UL;
        Assert.True(system.Staking.StakeOf(agent.Id).Active == stake - expectedSlash, $"{context}: active stake {system.Staking.StakeOf(agent.Id).Active}");
        var slashed = Assert.Single(resolved.Events("Slashed"));
        Assert.Equal(expectedSlash, (UInt256)slashed["amount"]!);
        Assert.Equal(expectedShare, system.Staking.Claimable(challenger.Address));
        Assert.Equal(bond, system.Verifier.Claimable(challenger.Address));
        Assert.True(chain.BalanceOf(system.Treasury) == treasuryBefore + expectedSlash - expectedShare, $"{context}: treasury");
        Assert.Equal(ActionStatus.Fraud, system.Verifier.ActionOf(actionId).Status);
        Assert.Equal(UInt256.Zero, system.Verifier.ReputationOf(agent.Id));

        UInt256 before = chain.BalanceOf(challenger.Address);
        if (!expectedShare.IsZero) system.Staking.Claim(challenger).EnsureSuccess();
        system.Verifier.Claim(challenger).EnsureSuccess();
        Assert.True(chain.BalanceOf(challenger.Address) == before + expectedShare + bond, $"{context}: challenger payout");
        // The slashed agent is now below the minimum stake (unless the slash was zero) and cannot act.
        if (stake - expectedSlash < minimum) Assert.False(system.Staking.HasMinimumStake(agent.Id));
    }

    [Fact]
    public void A_rejected_challenge_forfeits_the_bond_and_counts_toward_reputation()
    {
        (DevChain chain, AgentChainSystem system, AgentHandle agent, Hash256 actionId) = ActedOnce(new SystemParameters(), Ether * 2);
        DevAccount challenger = chain.CreateAccount("challenger", Ether);
        UInt256 treasuryBefore = chain.BalanceOf(system.Treasury);
        system.Verifier.Challenge(challenger, actionId, system.Parameters.ChallengeBond).EnsureSuccess();
        system.Verifier.Resolve(system.Resolver, actionId, false).EnsureSuccess();
        Assert.Equal(treasuryBefore + system.Parameters.ChallengeBond, chain.BalanceOf(system.Treasury));
        Assert.Equal(Ether * 2, system.Staking.StakeOf(agent.Id).Active);
        Assert.Equal(ActionStatus.Final, system.Verifier.ActionOf(actionId).Status);
        Assert.Equal(UInt256.One, system.Verifier.ReputationOf(agent.Id));
    }

    [Fact]
    public void Unchallenged_actions_finalize_after_the_window_and_raise_the_refill()
    {
        (DevChain chain, AgentChainSystem system, AgentHandle agent, Hash256 actionId) = ActedOnce(new SystemParameters(), Ether);
        // refillBase 1 ETH, refillCap 3 ETH, ramp 4: zero reputation refills 1 ETH per period.
        Assert.Equal(Ether, agent.Account.Allowance.Refill);
        Assert.Equal("ChallengeWindowOpen", system.Verifier.FinalizeAction(system.Resolver, actionId).ErrorName);
        chain.AdvanceTime(system.Parameters.DefaultChallengeWindow + 1);
        DevAccount late = chain.CreateAccount("late-challenger", Ether);
        Assert.Equal("ChallengeWindowClosed", system.Verifier.Challenge(late, actionId, system.Parameters.ChallengeBond).ErrorName);
        system.Verifier.FinalizeAction(late, actionId).EnsureSuccess();
        Assert.Equal(UInt256.One, system.Verifier.ReputationOf(agent.Id));
        Assert.Equal(Ether + (Ether * 2) / 4, agent.Account.Allowance.Refill);
    }

    [Fact]
    public void Unbonding_stake_stays_slashable_until_withdrawn()
    {
        (DevChain chain, AgentChainSystem system, AgentHandle agent, Hash256 actionId) =
            ActedOnce(new SystemParameters { FraudSlashAmount = Ether * 3 }, Ether * 2);
        system.Staking.RequestUnbond(agent.Owner, agent.Id, Ether * 2).EnsureSuccess();
        DevAccount challenger = chain.CreateAccount("challenger", Ether);
        system.Verifier.Challenge(challenger, actionId, system.Parameters.ChallengeBond).EnsureSuccess();
        system.Verifier.Resolve(system.Resolver, actionId, true).EnsureSuccess();
        var stake = system.Staking.StakeOf(agent.Id);
        Assert.Equal(UInt256.Zero, stake.Active);
        Assert.Equal(UInt256.Zero, stake.Unbonding);
        Assert.Equal(Ether, system.Staking.Claimable(challenger.Address)); // 50 % of the 2 ETH actually there
    }
}
