using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Governance.Harness;

namespace AgentChain.Governance.Bindings;

/// <summary>Binding of <c>AgentTimelock</c> (OpenZeppelin TimelockController): the DAO's executor and treasury.</summary>
public sealed class AgentTimelock(DevChain chain, Address address) : ContractBinding(chain, address, ArtifactName)
{
    public const string ArtifactName = "AgentTimelock";

    public static AgentTimelock Deploy(DevChain chain, DevAccount from, UInt256 minDelay, Address[] proposers,
        Address[] executors, Address admin) =>
        new(chain, chain.Deploy(from, ContractArtifact.Load(ArtifactName), minDelay, proposers, executors, admin));

    public UInt256 MinDelay => CallUInt("getMinDelay");
}
