using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using AgentChain.Agents.Rpc;
using AgentChain.Agents.Specs;
using AgentChain.Core.Abi;
using AgentChain.Core.Encoding;
using AgentChain.Core.Types;
using Microsoft.Extensions.Logging;

namespace AgentChain.Agents.Hosting;

/// <summary>
/// Runs one agent against a node: listens for its trigger (WebSocket subscriptions to new heads or to the trigger
/// event's logs, a feed's AnswerUpdated, or a timer), and hands each firing, in order, to the
/// <see cref="AgentActionExecutor"/>. Logs missed while the WebSocket was down are fetched with eth_getLogs after it
/// reconnects; each log is acted on once.
/// </summary>
public sealed class AgentHost(AgentActionExecutor executor, EthRpcClient rpc, ILogger logger)
{
    private readonly ILogger _logger = InsecureDevLogger.For(executor.Spec, logger);
    private readonly Channel<AgentTrigger> _queue = Channel.CreateBounded<AgentTrigger>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.Wait });
    private readonly HashSet<(Hash256, ulong)> _seen = [];
    private long _sequence;
    private ulong _lastBlock;

    public AgentActionExecutor Executor { get; } = executor;

    /// <summary>Raised after every action (accepted or rejected), for callers that report or test outcomes.</summary>
    public event Action<ActionOutcome>? ActionCompleted;

    /// <summary>Runs until <paramref name="cancellation"/>.</summary>
    public async Task RunAsync(CancellationToken cancellation)
    {
        AgentSpec spec = Executor.Spec;
        _lastBlock = await rpc.BlockNumberAsync(cancellation);
        _logger.LogInformation("agent {Agent}: watching {Trigger} from block {Block}", spec.Name, DescribeTrigger(spec.Trigger), _lastBlock);
        Task listener = spec.Trigger.Kind switch
        {
            TriggerKind.Event or TriggerKind.Feed => ListenToLogsAsync(cancellation),
            TriggerKind.Block => ListenToBlocksAsync(cancellation),
            TriggerKind.Interval => TickAsync(cancellation),
            _ => throw new InvalidOperationException($"unknown trigger {spec.Trigger.Kind}"),
        };
        Task worker = WorkAsync(cancellation);
        await Task.WhenAll(listener, worker);
    }

    private async Task WorkAsync(CancellationToken cancellation)
    {
        try
        {
            await foreach (AgentTrigger trigger in _queue.Reader.ReadAllAsync(cancellation))
            {
                try
                {
                    ActionOutcome outcome = await Executor.ActAsync(trigger, cancellation);
                    ActionCompleted?.Invoke(outcome);
                }
                catch (Exception e) when (e is EthRpcException or TimeoutException or InvalidOperationException or Inference.InferenceException
                    or AbiException or ArgumentException)
                {
                    // One firing failed (node unreachable through every retry, input the model cannot take, an output that does not
                    // fit the call): say so and
                    // go on with the next; the agent must not stop because of one bad case.
                    _logger.LogError("agent {Agent}: {Trigger} failed: {Reason}", Executor.Spec.Name, trigger, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
    }

    private LogFilterSpec TriggerFilter(out AbiEvent abiEvent)
    {
        TriggerSpec t = Executor.Spec.Trigger;
        DeployedContract contract = Executor.Contracts[t.Contract!];
        abiEvent = contract.Abi.GetEvent(t.Event!);
        return new LogFilterSpec(contract.Address, [abiEvent.Topic0]);
    }

    private async Task ListenToLogsAsync(CancellationToken cancellation)
    {
        LogFilterSpec filter = TriggerFilter(out AbiEvent abiEvent);
        var subscriber = new EthSubscriber(rpc.WebSocketUrl, _logger);
        await subscriber.RunAsync(["logs", EthRpcClient.FilterObject(filter)],
            async n => await EnqueueLogAsync(EthRpcClient.ParseLog(n), abiEvent, cancellation),
            async () =>
            {
                foreach (RpcLog log in await rpc.GetLogsAsync(filter, _lastBlock, cancellation: cancellation))
                    await EnqueueLogAsync(log, abiEvent, cancellation);
            },
            cancellation);
    }

    private async Task EnqueueLogAsync(RpcLog log, AbiEvent abiEvent, CancellationToken cancellation)
    {
        if (log.Removed || !_seen.Add((log.TransactionHash, log.LogIndex))) return;
        _lastBlock = Math.Max(_lastBlock, log.BlockNumber);
        AbiDecodedLog decoded;
        try
        {
            decoded = abiEvent.DecodeLog(log.Topics, log.Data);
        }
        catch (AbiException e)
        {
            _logger.LogWarning("agent {Agent}: skipping malformed {Event} log {Tx}#{Index}: {Reason}", Executor.Spec.Name, abiEvent.Name,
                log.TransactionHash, log.LogIndex, e.Message);
            return;
        }
        await _queue.Writer.WriteAsync(new AgentTrigger(decoded.ToDictionary(), log, log.BlockNumber, Interlocked.Increment(ref _sequence) - 1), cancellation);
    }

    private async Task ListenToBlocksAsync(CancellationToken cancellation)
    {
        int every = Executor.Spec.Trigger.EveryBlocks;
        var subscriber = new EthSubscriber(rpc.WebSocketUrl, _logger);
        await subscriber.RunAsync(["newHeads"], async head =>
        {
            ulong number = ulong.Parse(Hex.StripPrefix(head["number"]!.GetValue<string>()), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            _lastBlock = number;
            if (number % (ulong)every != 0) return;
            await _queue.Writer.WriteAsync(new AgentTrigger(new Dictionary<string, object?>(), null, number, Interlocked.Increment(ref _sequence) - 1), cancellation);
        }, cancellation: cancellation);
    }

    private async Task TickAsync(CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(Executor.Spec.Trigger.Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellation))
            {
                ulong block;
                try
                {
                    block = await rpc.BlockNumberAsync(cancellation);
                }
                catch (EthRpcException e)
                {
                    _logger.LogWarning("agent {Agent}: node unreachable at tick ({Reason}); skipping this tick", Executor.Spec.Name, e.Message);
                    continue;
                }
                await _queue.Writer.WriteAsync(new AgentTrigger(new Dictionary<string, object?>(), null, block, Interlocked.Increment(ref _sequence) - 1), cancellation);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
    }

    private static string DescribeTrigger(TriggerSpec t) => t.Kind switch
    {
        TriggerKind.Event => $"{t.Contract}.{t.Event} events",
        TriggerKind.Feed => $"{t.Contract} answers",
        TriggerKind.Block => $"every {t.EveryBlocks} block(s)",
        _ => $"every {t.Interval.TotalSeconds:0} s",
    };

}
