using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Governance.Harness;

namespace AgentChain.Governance.Bindings;

/// <summary>Binding of <c>AgentGovernor</c> (OpenZeppelin Governor with timelock control).</summary>
public sealed class AgentGovernor(DevChain chain, Address address) : ContractBinding(chain, address, ArtifactName)
{
    public const string ArtifactName = "AgentGovernor";

    /// <summary>GovernorCountingSimple's support values.</summary>
    public const byte Against = 0, For = 1, Abstain = 2;

    public static AgentGovernor Deploy(DevChain chain, DevAccount from, Address token, Address timelock, ulong votingDelay,
        uint votingPeriod, UInt256 proposalThreshold, UInt256 quorumPercent) =>
        new(chain, chain.Deploy(from, ContractArtifact.Load(ArtifactName), token, timelock, votingDelay, votingPeriod,
            proposalThreshold, quorumPercent));

    public TxReceipt Propose(DevAccount from, GovernorProposal p) =>
        Send(from, "propose", p.Targets, p.Values, p.Calldatas, p.Description);

    public UInt256 HashProposal(GovernorProposal p) => CallUInt("hashProposal", p.Targets, p.Values, p.Calldatas, p.DescriptionHash);

    public TxReceipt CastVote(DevAccount from, UInt256 proposalId, byte support) => Send(from, "castVote", proposalId, support);

    public TxReceipt Queue(DevAccount from, GovernorProposal p) =>
        Send(from, "queue", p.Targets, p.Values, p.Calldatas, p.DescriptionHash);

    public TxReceipt Execute(DevAccount from, GovernorProposal p) =>
        Send(from, "execute", p.Targets, p.Values, p.Calldatas, p.DescriptionHash);

    public ProposalState State(UInt256 proposalId) => (ProposalState)(int)CallUInt("state", proposalId);

    public UInt256 VotingDelay => CallUInt("votingDelay");
    public UInt256 VotingPeriod => CallUInt("votingPeriod");
    public UInt256 ProposalEta(UInt256 proposalId) => CallUInt("proposalEta", proposalId);
}
