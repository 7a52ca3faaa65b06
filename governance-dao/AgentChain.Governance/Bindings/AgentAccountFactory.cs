using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Governance.Harness;

namespace AgentChain.Governance.Bindings;

/// <summary>Binding of <c>AgentAccountFactory</c>: CREATE2-deploys and binds an agent's ControllableAgent.</summary>
public sealed class AgentAccountFactory(DevChain chain, Address address) : ContractBinding(chain, address, ArtifactName)
{
    public const string ArtifactName = "AgentAccountFactory";

    public static AgentAccountFactory Deploy(DevChain chain, DevAccount from, Address registry, Address staking, Address verifier) =>
        new(chain, chain.Deploy(from, ContractArtifact.Load(ArtifactName), registry, staking, verifier));

    /// <summary>Deploys the agent's account (the receipt; see <see cref="DeployAccount"/> for the binding).</summary>
    public TxReceipt Deploy(DevAccount owner, UInt256 agentId) => Send(owner, "deploy", agentId);

    /// <summary>Deploys the agent's account and returns its binding (throws with the custom error on failure).</summary>
    public ControllableAgent DeployAccount(DevAccount owner, UInt256 agentId)
    {
        TxReceipt receipt = Deploy(owner, agentId);
        var account = (Address)DecodeResult("deploy", receipt)[0]!;
        return new ControllableAgent(Chain, account);
    }

    public Address AccountAddress(UInt256 agentId) => CallAddress("accountAddress", agentId);
}
