using AgentChain.Core.Types;

namespace AgentChain.Agents.Hosting;

/// <summary>
/// What became of one agent action: accepted (mined; <see cref="ActionId"/> is the commitment the verifier recorded)
/// or rejected by a contract check (<see cref="ErrorName"/> is the custom error, <see cref="Reason"/> its rendering).
/// </summary>
public sealed record ActionOutcome(bool Accepted, Hash256 ActionId, Hash256? TransactionHash, PlannedAction Action, string? ErrorName, string? Reason)
{
    public override string ToString() => Accepted
        ? $"accepted: action {ActionId} in transaction {TransactionHash}"
        : $"rejected: {Reason}";
}
