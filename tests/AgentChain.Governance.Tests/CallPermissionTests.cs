using AgentChain.Core.Encoding;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Governance.Harness;

namespace AgentChain.Governance.Tests;

/// <summary>(target, selector) permissions: what the DAO allows is exactly what the agent may call.</summary>
public sealed class CallPermissionTests
{
    private static readonly UInt256 Ether = Limits.Ether;

    /// <summary>A contract whose fallback records the calldata length in slot 0: CALLDATASIZE PUSH1 0 SSTORE STOP.</summary>
    private static readonly byte[] RecordingFallbackInitCode = Hex.Decode("643660005500600052" + "6005601bf3");

    private static (DevChain, AgentChainSystem, AgentHandle, Address) Setup()
    {
        var chain = new DevChain();
        var system = AgentChainSystem.Deploy(chain);
        AgentHandle agent = system.RegisterAgent("caller", accountBalance: Ether * 10);
        Address target = chain.DeployRaw(system.Deployer, RecordingFallbackInitCode);
        Limits.OpenTransfers(system, agent, target, Ether, new Bindings.AllowanceConfig(Ether * 5, Ether, Ether, 3_600, 0), Ether * 5, 100, 0);
        return (chain, system, agent, target);
    }

    [Fact]
    public void A_plain_transfer_permission_allows_empty_calldata_and_no_unlisted_selector()
    {
        (DevChain chain, _, AgentHandle agent, Address target) = Setup();
        Assert.True(agent.Account.Execute(agent.Signer, target, 1, [], agent.Prove()).Succeeded);
        Assert.Equal("CallNotAllowed", agent.Account.Execute(agent.Signer, target, 1, Hex.Decode("a9059cbb"), agent.Prove()).ErrorName);
        Assert.Equal("MalformedCalldata", agent.Account.Execute(agent.Signer, target, 1, Hex.Decode("0102"), agent.Prove()).ErrorName);
        Assert.Equal(UInt256.Zero, chain.StorageAt(target, 0));
    }

    [Fact]
    public void A_reverting_inner_call_reverts_the_action_with_its_reason_and_leaves_the_limits_untouched()
    {
        var chain = new DevChain();
        var system = AgentChainSystem.Deploy(chain);
        AgentHandle agent = system.RegisterAgent("reverter", accountBalance: Ether * 10);
        // Runtime: PUSH1 0 PUSH1 0 REVERT (reverts with empty data on any call).
        Address target = chain.DeployRaw(system.Deployer, Hex.Decode("6460006000fd600052" + "6005601bf3"));
        Limits.OpenTransfers(system, agent, target, Ether, new Bindings.AllowanceConfig(Ether * 5, Ether, Ether, 3_600, 0), Ether * 5, 100, 0);
        UInt256 nonce = agent.Account.Nonce;
        TxReceipt r = agent.Account.Execute(agent.Signer, target, Ether, [], agent.Prove());
        Assert.Equal("InnerCallFailed", r.ErrorName);
        TxReceipt tried = agent.Account.TryExecute(agent.Signer, target, Ether, [], agent.Prove()).EnsureSuccess();
        Assert.Equal("InnerCallFailed", chain.DecodeRevert((byte[])Assert.Single(tried.Events("ActionRejected"))["reason"]!).Error?.Name);
        Assert.Equal(nonce, agent.Account.Nonce);
        Assert.Equal(Ether * 5, agent.Account.Allowance.Balance);
        Assert.Equal(0u, agent.Account.RateLimit.Used);
    }

    /// <summary>
    /// Selector 0x00000000 is the permission key for plain transfers (empty calldata); calldata that merely starts
    /// with four zero bytes once passed as a transfer and reached the target's fallback. It must be refused.
    /// </summary>
    [Fact]
    public void A_plain_transfer_permission_does_not_allow_calldata_that_starts_with_four_zero_bytes()
    {
        (DevChain chain, _, AgentHandle agent, Address target) = Setup();
        var r = agent.Account.Execute(agent.Signer, target, 1, Hex.Decode("00000000deadbeef"), agent.Prove());
        Assert.Equal(UInt256.Zero, chain.StorageAt(target, 0));
        Assert.Equal("ZeroSelectorCalldata", r.ErrorName);
    }
}
