using AgentChain.Core.Numerics;
using AgentChain.Governance.Bindings;
using AgentChain.Governance.Harness;

namespace AgentChain.Governance.Tests;

/// <summary>The DAO loosens limits only through propose → vote → queue → execute; the guardian tightens and pauses at once.</summary>
public sealed class GovernanceLifecycleTests
{
    private static readonly UInt256 Ether = Limits.Ether;

    [Fact]
    public void Dao_proposal_raises_an_agents_allowance_and_the_guardian_pauses_it_instantly()
    {
        DevChain chain = Transcripts.NewChain("dao-lifecycle");
        var system = AgentChainSystem.Deploy(chain, new SystemParameters { WithDao = true });
        AgentGovernor governor = system.Governor!;
        AgentHandle agent = system.RegisterAgent("dao-agent", accountBalance: Ether * 100);
        var payee = new DevAccount("payee");
        Limits.OpenTransfers(system, agent, payee.Address, Ether, new AllowanceConfig(Ether * 2, Ether, Ether, 86_400, 0), Ether * 2, 100, 3_600);

        // Within the opened limits; 3 ETH is above the 1-ETH per-call cap.
        Assert.True(agent.Account.Execute(agent.Signer, payee.Address, Ether, [], agent.Prove()).Succeeded);
        TxReceipt tooBig = agent.Account.Execute(agent.Signer, payee.Address, Ether * 3, [], agent.Prove());
        Assert.Equal("ValueAboveCap", tooBig.ErrorName);

        // Nobody but the timelock may loosen: not the guardian, not a token holder.
        Assert.Equal("NotGovernance", agent.Account.SetMaxValuePerCall(system.Guardian, Ether * 5).ErrorName);
        Assert.Equal("NotGovernance", agent.Account.SetMaxValuePerCall(system.Voters[0], Ether * 5).ErrorName);

        // The DAO raises the per-call cap and the allowance.
        var proposal = GovernorProposal.Of("Raise dao-agent's allowance to 10 ETH, 5 ETH per call",
            (agent.Account.Address, agent.Account.SetMaxValuePerCallCalldata(Ether * 5)),
            (agent.Account.Address, agent.Account.SetAllowanceCalldata(new AllowanceConfig(Ether * 10, Ether * 5, Ether * 5, 86_400, 0))),
            (agent.Account.Address, agent.Account.SetAllowanceBalanceCalldata(Ether * 10)));
        Assert.True(governor.Propose(system.Voters[0], proposal).Succeeded);
        UInt256 id = governor.HashProposal(proposal);
        Assert.Equal(ProposalState.Pending, governor.State(id));
        chain.AdvanceTime(system.Parameters.VotingDelay + 1);
        Assert.Equal(ProposalState.Active, governor.State(id));
        foreach (DevAccount voter in system.Voters) governor.CastVote(voter, id, AgentGovernor.For).EnsureSuccess();
        // Queuing before the vote ends is refused.
        Assert.False(governor.Queue(system.Voters[0], proposal).Succeeded);
        chain.AdvanceTime(system.Parameters.VotingPeriod + 1);
        Assert.Equal(ProposalState.Succeeded, governor.State(id));
        governor.Queue(system.Voters[0], proposal).EnsureSuccess();
        Assert.Equal(ProposalState.Queued, governor.State(id));
        // The timelock delay holds: executing at once is refused, and nothing changed yet.
        Assert.False(governor.Execute(system.Voters[0], proposal).Succeeded);
        Assert.Equal(Ether, agent.Account.MaxValuePerCall);
        chain.AdvanceTime(system.Parameters.TimelockMinDelay + 1);
        TxReceipt executed = governor.Execute(system.Voters[2], proposal).EnsureSuccess();
        Assert.Equal(ProposalState.Executed, governor.State(id));
        Assert.Single(executed.Events("MaxValuePerCallChanged"));
        Assert.Equal(Ether * 5, agent.Account.MaxValuePerCall);
        Assert.Equal(Ether * 10, agent.Account.Allowance.Balance);

        TxReceipt bigger = agent.Account.Execute(agent.Signer, payee.Address, Ether * 3, [], agent.Prove());
        Assert.True(bigger.Succeeded, bigger.ToString());
        Assert.Equal(Ether * 4, chain.BalanceOf(payee.Address));

        // The guardian pauses at once, without a vote; the paused agent's next action reverts.
        TxReceipt pause = system.Registry.SetAgentPaused(system.Guardian, agent.Id, true).EnsureSuccess();
        Assert.Single(pause.Events("AgentPaused"));
        Assert.True(system.Registry.IsPaused(agent.Id));
        TxReceipt paused = agent.Account.Execute(agent.Signer, payee.Address, Ether, [], agent.Prove());
        Assert.Equal("AgentIsPaused", paused.ErrorName);
        TxReceipt tried = agent.Account.TryExecute(agent.Signer, payee.Address, Ether, [], agent.Prove()).EnsureSuccess();
        Assert.Single(tried.Events("ActionRejected"));
        Assert.Equal(Ether * 4, chain.BalanceOf(payee.Address));

        // Unpausing is loosening: the guardian cannot, the DAO can.
        Assert.Equal("NotGovernance", system.Registry.SetAgentPaused(system.Guardian, agent.Id, false).ErrorName);
        system.Govern("unpause", (system.Registry.Address, system.Registry.SetAgentPausedCalldata(agent.Id, false)));
        Assert.True(agent.Account.Execute(agent.Signer, payee.Address, Ether, [], agent.Prove()).Succeeded);
        Transcripts.Save(chain);
    }

    [Fact]
    public void Guardian_tightens_at_once_and_the_dao_replaces_it()
    {
        var chain = new DevChain();
        var system = AgentChainSystem.Deploy(chain, new SystemParameters { WithDao = true });
        AgentHandle agent = system.RegisterAgent("tight", accountBalance: Ether * 100);
        var payee = new DevAccount("payee");
        Limits.OpenTransfers(system, agent, payee.Address, Ether * 5, new AllowanceConfig(Ether * 10, Ether, Ether, 86_400, 0), Ether * 10, 100, 3_600);

        agent.Account.SetMaxValuePerCall(system.Guardian, Ether).EnsureSuccess();
        Assert.Equal("ValueAboveCap", agent.Account.Execute(agent.Signer, payee.Address, Ether * 2, [], agent.Prove()).ErrorName);
        agent.Account.SetRateLimit(system.Guardian, 0, 3_600).EnsureSuccess();
        Assert.Equal("RateLimitExceeded", agent.Account.Execute(agent.Signer, payee.Address, Ether, [], agent.Prove()).ErrorName);

        var replacement = chain.CreateAccount("guardian-2", Ether);
        system.Govern("replace the guardian", (system.Registry.Address, system.Registry.SetGuardianCalldata(replacement.Address)));
        Assert.Equal(replacement.Address, system.Registry.Guardian);
        Assert.Equal("NotGuardianOrGovernance", system.Registry.SetAgentPaused(system.Guardian, agent.Id, true).ErrorName);
        system.Registry.SetAgentPaused(replacement, agent.Id, true).EnsureSuccess();
        Assert.True(system.Registry.IsPaused(agent.Id));
    }
}
