using AgentChain.Core.Abi;
using AgentChain.Core.Types;

namespace AgentChain.Agents.Rpc;

/// <summary>A contract on the chain: its manifest name, address and ABI.</summary>
public sealed record DeployedContract(string Name, Address Address, ContractAbi Abi)
{
    public override string ToString() => $"{Name} at {Address.ToChecksumString()}";
}
