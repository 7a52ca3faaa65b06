namespace AgentChain.Governance.Bindings;

/// <summary>The tunable parameters of an <c>AIFeed</c> (constructor and <c>setParameters</c>).</summary>
public sealed record FeedParameters(uint Quorum, uint DeviationBps, uint OutlierBps, ulong Heartbeat, ulong RoundTimeout, ulong StalenessThreshold);
