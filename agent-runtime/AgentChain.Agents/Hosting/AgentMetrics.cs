using System.Diagnostics.Metrics;

namespace AgentChain.Agents.Hosting;

/// <summary>
/// The agent runtime's metrics (meter <see cref="MeterName"/>), readable with dotnet-counters or any
/// System.Diagnostics.Metrics listener. Tags: <c>agent</c> (spec or runner name), and <c>error</c> for rejections.
/// </summary>
public sealed class AgentMetrics : IDisposable
{
    public const string MeterName = "AgentChain.Agents";

    private readonly Meter _meter;

    public AgentMetrics(IMeterFactory? factory = null)
    {
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        Triggers = _meter.CreateCounter<long>("agentchain.agent.triggers", description: "trigger firings handled");
        Inferences = _meter.CreateCounter<long>("agentchain.agent.inferences", description: "model evaluations");
        ActionsAccepted = _meter.CreateCounter<long>("agentchain.agent.actions.accepted", description: "actions mined and accepted by the ControllableAgent");
        ActionsRejected = _meter.CreateCounter<long>("agentchain.agent.actions.rejected", description: "actions refused by a contract check (custom error)");
        TransactionRetries = _meter.CreateCounter<long>("agentchain.agent.rpc.retries", description: "RPC calls retried after transient errors");
        FeeBumps = _meter.CreateCounter<long>("agentchain.agent.tx.fee_bumps", description: "stuck transactions re-sent with higher fees");
        FeedSubmissions = _meter.CreateCounter<long>("agentchain.runner.feed.submissions", description: "AIFeed reports submitted");
        ChallengesResolved = _meter.CreateCounter<long>("agentchain.runner.challenges.resolved", description: "challenges re-executed and resolved");
        InferenceDuration = _meter.CreateHistogram<double>("agentchain.agent.inference.duration", "ms", "model evaluation time");
        ConfirmationDuration = _meter.CreateHistogram<double>("agentchain.agent.tx.confirmation", "ms", "send to receipt");
    }

    public Counter<long> Triggers { get; }
    public Counter<long> Inferences { get; }
    public Counter<long> ActionsAccepted { get; }
    public Counter<long> ActionsRejected { get; }
    public Counter<long> TransactionRetries { get; }
    public Counter<long> FeeBumps { get; }
    public Counter<long> FeedSubmissions { get; }
    public Counter<long> ChallengesResolved { get; }
    public Histogram<double> InferenceDuration { get; }
    public Histogram<double> ConfirmationDuration { get; }

    public void Dispose() => _meter.Dispose();
}
