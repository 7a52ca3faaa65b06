using AgentChain.Core.Numerics;
using AgentChain.Governance.Bindings;
using AgentChain.Governance.Harness;

namespace AgentChain.Governance.Tests;

/// <summary>The harness itself: nonces, views without effects, custom errors by name, clock and artifact loading.</summary>
public sealed class DevChainTests
{
    [Fact]
    public void Every_artifact_loads_with_its_abi_and_bytecode()
    {
        foreach (string name in new[] { "AgentRegistry", "AgentStaking", "ControllableAgent", "AgentAccountFactory", "InferenceVerifier",
                     "GovernanceToken", "AgentTimelock", "AgentGovernor", "AIFeed", "ExampleFeedConsumer" })
        {
            ContractArtifact a = ContractArtifact.Load(name);
            Assert.NotEmpty(a.Abi.Functions);
            Assert.NotEmpty(a.Bytecode);
        }
        var unknown = Assert.Throws<ArgumentException>(() => ContractArtifact.Load("NoSuchContract"));
        Assert.Contains("AgentRegistry", unknown.Message);
    }

    [Fact]
    public void Transactions_advance_nonces_and_blocks_views_change_nothing_and_reverts_decode_by_name()
    {
        var chain = new DevChain();
        var system = AgentChainSystem.Deploy(chain);
        ulong nonce = chain.NonceOf(system.Guardian.Address);
        ulong block = chain.BlockNumber;
        TxReceipt refused = system.Registry.SetGuardian(system.Guardian, system.Guardian.Address);
        Assert.False(refused.Succeeded);
        Assert.Equal("NotGovernance", refused.ErrorName);
        Assert.Contains("NotGovernance", refused.Revert!.Message);
        Assert.Throws<DevChainException>(() => refused.EnsureSuccess());
        Assert.Equal(nonce + 1, chain.NonceOf(system.Guardian.Address));
        Assert.Equal(block + 1, chain.BlockNumber);

        Assert.Equal(system.GovernanceAddress, system.Registry.Governance);
        Assert.Equal(nonce + 1, chain.NonceOf(system.Guardian.Address));

        ulong t = chain.Timestamp;
        chain.AdvanceTime(42);
        Assert.Equal(t + 42, chain.Timestamp);
        Assert.Equal(chain.ChainId, new UInt256(31337));
    }

    [Fact]
    public void Transferring_an_identity_clears_its_signer_so_the_old_signer_cannot_act()
    {
        var chain = new DevChain();
        var system = AgentChainSystem.Deploy(chain);
        AgentHandle agent = system.RegisterAgent("sold", accountBalance: Limits.Ether);
        var payee = new DevAccount("payee");
        Limits.OpenTransfers(system, agent, payee.Address, Limits.Ether, new AllowanceConfig(Limits.Ether, 0, 0, 3_600, 0), Limits.Ether, 10, 0);
        var buyer = new DevAccount("buyer");
        system.Registry.TransferFrom(agent.Owner, buyer.Address, agent.Id).EnsureSuccess();
        Assert.Equal(buyer.Address, system.Registry.OwnerOf(agent.Id));
        Assert.Equal("NotAgentSigner", agent.Account.Execute(agent.Signer, payee.Address, 1, [], agent.Prove()).ErrorName);
    }
}
