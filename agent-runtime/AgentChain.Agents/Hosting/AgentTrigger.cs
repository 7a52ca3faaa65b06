using AgentChain.Agents.Rpc;

namespace AgentChain.Agents.Hosting;

/// <summary>
/// One firing of an agent's trigger: the decoded parameters of the triggering event (empty for block and interval
/// triggers), the log itself when there is one, the block it came from and a running sequence number (which picks
/// the sample row for sample-fed agents).
/// </summary>
public sealed record AgentTrigger(IReadOnlyDictionary<string, object?> Fields, RpcLog? Log, ulong BlockNumber, long Sequence)
{
    public override string ToString() => Log is { } l ? $"log {l.TransactionHash}#{l.LogIndex} (block {BlockNumber})" : $"firing {Sequence} (block {BlockNumber})";
}
