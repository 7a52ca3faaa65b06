using AgentChain.Agents.Hosting;
using AgentChain.Agents.Models;
using AgentChain.Agents.Rpc;
using AgentChain.Agents.Specs;
using AgentChain.Agents.Transactions;
using AgentChain.Core.Abi;
using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Governance.Bindings;
using AgentChain.Governance.Harness;
using AgentChain.Inference.Reproducible;
using Microsoft.Extensions.Logging;

namespace AgentChain.Agents.NodeRunner;

/// <summary>
/// The authorised challenge resolver: for every <c>ActionChallenged</c> it re-executes the action's inference with the
/// reproducible backend (bit-identical on every machine) and settles it on chain with <c>resolve(actionId, fraud)</c>;
/// the verifier then slashes a fraudulent agent. An action is fraud when no input the agent could have seen hashes to
/// the committed inputHash, when the outputs re-derive to a different call than the one executed, or — for agents
/// that committed with the reproducible runtime — when the committed outputHash differs from the re-executed one.
/// Agents it has no spec for are left for another resolver (logged, never guessed).
/// </summary>
public sealed class ChallengeResolver : IDisposable
{
    private static readonly string[] ProofTypes = ["(uint8,bytes32,bytes32,bytes32,bytes32,bytes)"];

    private readonly EthRpcClient _rpc;
    private readonly ContractDirectory _contracts;
    private readonly DeployedContract _verifier;
    private readonly TransactionSubmitter _submitter;
    private readonly ILogger _logger;
    private readonly AgentMetrics _metrics;
    private readonly List<(AgentSpec Spec, AgentModel Model, ActionPlanner Planner, Address Account)> _agents = [];
    private readonly ContractAbi _agentAbi = ContractArtifact.Load(ControllableAgent.ArtifactName).Abi;
    private readonly HashSet<Hash256> _handled = [];

    public ChallengeResolver(EthRpcClient rpc, ContractDirectory contracts, byte[] resolverKey, ulong chainId, IEnumerable<AgentSpec> specs,
        ILogger logger, AgentMetrics metrics, SubmissionPolicy? policy = null)
    {
        _rpc = rpc;
        _contracts = contracts;
        _verifier = contracts[InferenceVerifier.ArtifactName];
        _submitter = new TransactionSubmitter(rpc, resolverKey, chainId, logger, metrics, policy);
        _logger = logger;
        _metrics = metrics;
        var reproducible = new ReproducibleBackend();
        foreach (AgentSpec spec in specs)
        {
            DeployedContract target = contracts[spec.Action.Contract];
            AgentModel model = AgentModel.Load(spec.Model.Path, spec.Model.Sha256, reproducible);
            _agents.Add((spec, model, new ActionPlanner(spec, target.Address, target.Abi), contracts[spec.AgentContract].Address));
        }
    }

    public Address Resolver => _submitter.From;

    /// <summary>Runs until <paramref name="cancellation"/>: resolves every challenge it sees, including those raised while it was disconnected.</summary>
    public async Task RunAsync(CancellationToken cancellation)
    {
        AbiEvent challenged = _verifier.Abi.GetEvent("ActionChallenged");
        var filter = new LogFilterSpec(_verifier.Address, [challenged.Topic0]);
        _logger.LogInformation("challenge resolver {Resolver}: watching {Verifier} for challenges of agents {Agents}",
            Resolver.ToChecksumString(), _verifier, string.Join(", ", _agents.Select(a => $"{a.Spec.AgentId} ({a.Spec.Name})")));
        ulong from = await _rpc.BlockNumberAsync(cancellation);
        var subscriber = new EthSubscriber(_rpc.WebSocketUrl, _logger);
        await subscriber.RunAsync(["logs", EthRpcClient.FilterObject(filter)],
            n => HandleAsync(EthRpcClient.ParseLog(n), cancellation),
            async () =>
            {
                foreach (RpcLog log in await _rpc.GetLogsAsync(filter, from, cancellation: cancellation)) await HandleAsync(log, cancellation);
            },
            cancellation);
    }

    private async Task HandleAsync(RpcLog log, CancellationToken cancellation)
    {
        if (log.Removed || log.Topics.Count < 2) return;
        Hash256 actionId = log.Topics[1];
        if (!_handled.Add(actionId)) return;
        try
        {
            await ResolveAsync(actionId, cancellation);
        }
        catch (Exception e) when (e is EthRpcException or ContractRevertedException or TimeoutException or InvalidOperationException or AbiException)
        {
            _logger.LogError("challenge resolver: could not resolve action {ActionId}: {Reason}", actionId, e.Message);
        }
    }

    /// <summary>Re-executes the challenged action and submits the verdict; returns it (null when the agent is not one this resolver judges).</summary>
    public async Task<ChallengeVerdict?> ResolveAsync(Hash256 actionId, CancellationToken cancellation = default)
    {
        ChallengeVerdict? verdict = await ReexecuteAsync(actionId, cancellation);
        if (verdict is null) return null;
        _logger.LogInformation("challenge resolver: {Verdict}", verdict);
        byte[] data = _verifier.Abi.GetFunction("resolve").EncodeCall(actionId, verdict.Fraud);
        await _submitter.SendAsync(_verifier.Address, UInt256.Zero, data, new RevertDecoder([_verifier.Abi]),
            $"resolve {actionId} fraud={verdict.Fraud}", cancellation);
        _metrics.ChallengesResolved.Add(1, new KeyValuePair<string, object?>("fraud", verdict.Fraud));
        return verdict;
    }

    /// <summary>Re-executes a recorded action and judges it, without sending anything.</summary>
    public async Task<ChallengeVerdict?> ReexecuteAsync(Hash256 actionId, CancellationToken cancellation = default)
    {
        AbiEvent recorded = _verifier.Abi.GetEvent("ActionRecorded");
        IReadOnlyList<RpcLog> logs = await _rpc.GetLogsAsync(new LogFilterSpec(_verifier.Address, [recorded.Topic0, actionId]), 0, cancellation: cancellation);
        if (logs.Count == 0) throw new InvalidOperationException($"no ActionRecorded event for action {actionId}");
        RpcLog record = logs[0];
        AbiDecodedLog decoded = recorded.DecodeLog(record.Topics, record.Data);
        var agentId = (UInt256)decoded["agentId"]!;
        var account = (Address)decoded["agentAccount"]!;
        var agent = _agents.FirstOrDefault(a => a.Spec.AgentId == agentId && a.Account == account);
        if (agent.Spec is null)
        {
            _logger.LogWarning("challenge resolver: action {ActionId} is by agent {AgentId} ({Account}), which has no spec here; not judging it",
                actionId, agentId, account.ToChecksumString());
            return null;
        }

        byte[] input = await _rpc.GetTransactionInputAsync(record.TransactionHash, cancellation)
            ?? throw new InvalidOperationException($"the node does not know transaction {record.TransactionHash}");
        (AbiFunction function, object?[] args) = _agentAbi.DecodeCall(input)
            ?? throw new InvalidOperationException($"transaction {record.TransactionHash} is not a ControllableAgent call");
        if (function.Name is not ("execute" or "tryExecute"))
            throw new InvalidOperationException($"transaction {record.TransactionHash} calls {function.Signature}, not execute");
        var target = (Address)args[0]!;
        var value = (UInt256)args[1]!;
        var data = (byte[])args[2]!;
        var proof = (object?[])AbiCodec.Decode(ProofTypes, (byte[])args[3]!)[0]!;
        var modelHash = new Hash256((byte[])proof[1]!);
        var runtimeId = new Hash256((byte[])proof[2]!);
        var inputHash = new Hash256((byte[])proof[3]!);
        var outputHash = new Hash256((byte[])proof[4]!);

        if (modelHash != agent.Model.ModelHash)
            return new ChallengeVerdict(actionId, true, $"committed model {modelHash} is not the agent's model {agent.Model.ModelHash}");
        if (target != agent.Planner.Target || data.Length < FunctionSelector.Length || FunctionSelector.Read(data) != agent.Planner.Function.Selector)
            return new ChallengeVerdict(actionId, true, $"the executed call ({target.ToChecksumString()}) is not the agent's action {agent.Spec.Action.Function}");

        (AgentTrigger Trigger, ModelEvaluation Evaluation)? match = null;
        foreach (AgentTrigger candidate in await CandidateTriggersAsync(agent.Spec, agent.Planner, data, record.BlockNumber, cancellation))
        {
            ModelEvaluation e = agent.Model.Evaluate(agent.Spec.Input.TensorName, agent.Planner.BuildInput(candidate));
            if (e.InputHash == inputHash)
            {
                match = (candidate, e);
                break;
            }
        }
        if (match is not { } found)
            return new ChallengeVerdict(actionId, true, $"no input the agent could have seen hashes to the committed inputHash {inputHash}");

        PlannedAction honest = agent.Planner.Plan(found.Trigger, found.Evaluation);
        if (honest.Value != value || !honest.Data.AsSpan().SequenceEqual(data))
            return new ChallengeVerdict(actionId, true,
                $"re-execution ({agent.Model.RuntimeName}) derives {agent.Planner.Function.Name}({string.Join(", ", honest.Arguments.Select(Render))}) value {honest.Value}, but the agent executed different arguments or value {value}");
        if (runtimeId == found.Evaluation.RuntimeId && outputHash != found.Evaluation.OutputHash)
            return new ChallengeVerdict(actionId, true,
                $"committed outputHash {outputHash} differs from the reproducible re-execution's {found.Evaluation.OutputHash} under the same runtime id");
        return new ChallengeVerdict(actionId, false,
            runtimeId == found.Evaluation.RuntimeId
                ? "re-execution reproduces the committed input, output and call exactly"
                : "re-execution reproduces the committed input and the executed call (outputs committed under another runtime are not compared bit for bit)");
    }

    private async Task<IReadOnlyList<AgentTrigger>> CandidateTriggersAsync(AgentSpec spec, ActionPlanner planner, byte[] data, ulong beforeBlock,
        CancellationToken cancellation)
    {
        if (spec.Input.TriggerField is null)
            return planner.Samples.Select((_, i) => new AgentTrigger(new Dictionary<string, object?>(), null, beforeBlock, i)).ToArray();

        // Event-fed: the trigger events that carry the same trigger-sourced arguments as the executed call.
        object?[] executedArgs = planner.Function.DecodeInput(data);
        DeployedContract source = _contracts[spec.Trigger.Contract!];
        AbiEvent abiEvent = source.Abi.GetEvent(spec.Trigger.Event!);
        IReadOnlyList<RpcLog> logs = await _rpc.GetLogsAsync(new LogFilterSpec(source.Address, [abiEvent.Topic0]), 0, beforeBlock, cancellation);
        var result = new List<AgentTrigger>();
        foreach (RpcLog log in logs)
        {
            IReadOnlyDictionary<string, object?> fields = abiEvent.DecodeLog(log.Topics, log.Data).ToDictionary();
            bool same = true;
            for (int i = 0; i < spec.Action.Arguments.Count && same; i++)
            {
                ArgumentSpec a = spec.Action.Arguments[i];
                if (a.Source != ArgumentSource.Trigger) continue;
                AbiType type = planner.Function.InputTypes[i];
                same = fields.TryGetValue(a.Name!, out object? v)
                    && AbiCodec.Encode([type], [v]).AsSpan().SequenceEqual(AbiCodec.Encode([type], [executedArgs[i]]));
            }
            if (same) result.Add(new AgentTrigger(fields, log, log.BlockNumber, result.Count));
        }
        return result;
    }

    private static string Render(object? v) => v switch
    {
        byte[] b => Core.Encoding.Hex.Encode(b),
        _ => v?.ToString() ?? "null",
    };

    public void Dispose()
    {
        foreach (var a in _agents) a.Model.Dispose();
    }
}
