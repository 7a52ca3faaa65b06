namespace AgentChain.Agents.Specs;

/// <summary>
/// When the agent acts: <see cref="Contract"/>/<see cref="Event"/> for event triggers (a name from the node's contract
/// manifest and an event of its ABI), <see cref="Contract"/> alone for feed triggers (the AIFeed), <see cref="EveryBlocks"/>
/// for block triggers, <see cref="Interval"/> for interval triggers.
/// </summary>
public sealed record TriggerSpec(TriggerKind Kind, string? Contract, string? Event, int EveryBlocks, TimeSpan Interval);
