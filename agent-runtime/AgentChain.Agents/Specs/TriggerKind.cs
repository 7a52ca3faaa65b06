namespace AgentChain.Agents.Specs;

/// <summary>What makes an agent act.</summary>
public enum TriggerKind
{
    /// <summary>Every N new blocks (eth_subscribe newHeads).</summary>
    Block,

    /// <summary>Every log of one contract event (eth_subscribe logs).</summary>
    Event,

    /// <summary>Every new answer of an AIFeed (its AnswerUpdated event).</summary>
    Feed,

    /// <summary>A fixed wall-clock interval.</summary>
    Interval,
}
