namespace AgentChain.Governance.Bindings;

/// <summary>OpenZeppelin <c>IGovernor.ProposalState</c>, in declaration order.</summary>
public enum ProposalState
{
    Pending,
    Active,
    Canceled,
    Defeated,
    Succeeded,
    Queued,
    Expired,
    Executed,
}
