using AgentChain.Agents.Hosting;
using AgentChain.Agents.Models;
using AgentChain.Agents.NodeRunner;
using AgentChain.Agents.Rpc;
using AgentChain.Agents.Specs;
using AgentChain.Inference;
using AgentChain.Inference.Reproducible;
using Microsoft.Extensions.Logging;

namespace AgentChain.Agents.Devnet;

/// <summary>
/// The devnet's agents, as <c>agentchain devnet</c> runs them beside the node: the demo agent host, one feed runner
/// per runner key, and the challenge resolver, all talking to the node over its JSON-RPC port like any external
/// client would. <see cref="StartAsync"/> returns once every part is connected; <see cref="StopAsync"/> ends them.
/// </summary>
public sealed class DevnetAgents : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];
    private readonly List<IDisposable> _owned = [];

    private DevnetAgents(EthRpcClient rpc, AgentMetrics metrics)
    {
        Rpc = rpc;
        Metrics = metrics;
    }

    public EthRpcClient Rpc { get; }
    public AgentMetrics Metrics { get; }
    public AgentHost Host { get; private set; } = null!;
    public IReadOnlyList<FeedRunner> Runners { get; private set; } = [];
    public ChallengeResolver Resolver { get; private set; } = null!;

    /// <summary>Connects everything; throws when the node has no contract manifest or a spec or model is wrong.</summary>
    public static async Task<DevnetAgents> StartAsync(DevnetAgentsOptions options, InferenceBackendCatalog backends, ILoggerFactory loggers,
        IInferenceFaultInjector? faultInjector = null, CancellationToken cancellation = default)
    {
        var rpc = new EthRpcClient(options.RpcUrl);
        var agents = new DevnetAgents(rpc, new AgentMetrics());
        try
        {
            ContractDirectory contracts = await rpc.GetContractsAsync(cancellation);
            ulong chainId = await rpc.ChainIdAsync(cancellation);
            AgentSpec spec = AgentSpec.Load(options.AgentSpecPath);

            AgentActionExecutor executor = await AgentActionExecutor.CreateAsync(spec, rpc, options.AgentKey, backends,
                loggers.CreateLogger("agent"), agents.Metrics, faultInjector, contracts: contracts, cancellation: cancellation);
            agents._owned.Add(executor);
            agents.Host = new AgentHost(executor, rpc, loggers.CreateLogger("agent"));

            float[][] samples = SampleFile.Read(options.FeedSamplesPath);
            var runners = new List<FeedRunner>();
            for (int i = 0; i < options.RunnerKeys.Count; i++)
            {
                AgentModel model = AgentModel.Load(options.FeedModelPath, options.FeedModelSha256, new ReproducibleBackend());
                agents._owned.Add(model);
                runners.Add(await FeedRunner.CreateAsync(rpc, contracts, options.FeedName, options.RunnerKeys[i], model, samples, "features",
                    loggers.CreateLogger($"runner-{i + 1}"), agents.Metrics, cancellation: cancellation));
            }
            agents.Runners = runners;
            agents.Resolver = new ChallengeResolver(rpc, contracts, options.ResolverKey, chainId, [spec], loggers.CreateLogger("resolver"), agents.Metrics);
            agents._owned.Add(agents.Resolver);

            CancellationToken stop = agents._stop.Token;
            agents._running.Add(agents.Host.RunAsync(stop));
            foreach (FeedRunner runner in runners) agents._running.Add(runner.RunAsync(stop));
            agents._running.Add(agents.Resolver.RunAsync(stop));
            return agents;
        }
        catch
        {
            await agents.DisposeAsync();
            throw;
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_running);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        foreach (IDisposable d in _owned) d.Dispose();
        Metrics.Dispose();
        Rpc.Dispose();
        _stop.Dispose();
    }
}
