using AgentChain.Core.Numerics;
using AgentChain.Governance.Bindings;
using AgentChain.Governance.Harness;

namespace AgentChain.Governance.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Deploys_and_executes_a_transfer_with_a_signed_commitment()
    {
        var chain = new DevChain();
        var system = AgentChainSystem.Deploy(chain);
        AgentHandle agent = system.RegisterAgent("alpha", accountBalance: SystemParameters.Ether * 10);
        var gov = system.GovernanceAccount!;
        var payee = new DevAccount("payee");
        agent.Account.SetCallAllowed(gov, payee.Address, new byte[4], true).EnsureSuccess();
        agent.Account.SetMaxValuePerCall(gov, SystemParameters.Ether).EnsureSuccess();
        agent.Account.SetAllowance(gov, new AllowanceConfig(SystemParameters.Ether * 5, 0, 0, 3600, 0)).EnsureSuccess();
        agent.Account.SetAllowanceBalance(gov, SystemParameters.Ether * 5).EnsureSuccess();
        agent.Account.SetRateLimit(gov, 10, 3600).EnsureSuccess();
        TxReceipt r = agent.Account.Execute(agent.Signer, payee.Address, SystemParameters.Ether / 2, [], agent.Prove());
        Assert.True(r.Succeeded, r.ToString());
        Assert.Equal(SystemParameters.Ether / 2, chain.BalanceOf(payee.Address));
        Assert.Single(r.Events("ActionExecuted"));
    }
}
