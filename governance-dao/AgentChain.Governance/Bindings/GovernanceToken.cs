using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Governance.Harness;

namespace AgentChain.Governance.Bindings;

/// <summary>Binding of <c>GovernanceToken</c> (ERC20Votes, timestamp clock).</summary>
public sealed class GovernanceToken(DevChain chain, Address address) : ContractBinding(chain, address, ArtifactName)
{
    public const string ArtifactName = "GovernanceToken";

    public static GovernanceToken Deploy(DevChain chain, DevAccount from, Address[] holders, UInt256[] amounts) =>
        new(chain, chain.Deploy(from, ContractArtifact.Load(ArtifactName), holders, amounts));

    public TxReceipt Delegate(DevAccount from, Address delegatee) => Send(from, "delegate", delegatee);

    public UInt256 BalanceOf(Address account) => CallUInt("balanceOf", account);

    public UInt256 GetVotes(Address account) => CallUInt("getVotes", account);
}
