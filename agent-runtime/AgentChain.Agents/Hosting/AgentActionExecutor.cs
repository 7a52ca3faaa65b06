using System.Diagnostics;
using AgentChain.Agents.Models;
using AgentChain.Agents.Rpc;
using AgentChain.Agents.Specs;
using AgentChain.Agents.Transactions;
using AgentChain.Attestation.Commitments;
using AgentChain.Core.Abi;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Governance.Bindings;
using AgentChain.Governance.Harness;
using AgentChain.Inference;
using Microsoft.Extensions.Logging;

namespace AgentChain.Agents.Hosting;

/// <summary>
/// The one path every agent action takes, whether a trigger or an LLM's tool call asked for it: run the model, map
/// the outputs to the call, read the ControllableAgent's nonce, build the canonical commitment (chain id, agent
/// contract, agent id, nonce, model hash, runtime id, input hash, output hash), prove it (signed commitment or
/// dev-TEE report), and submit <c>ControllableAgent.execute</c> from the agent's signer. Actions are serialized:
/// the commitment binds the account nonce, so two in flight would invalidate each other.
/// </summary>
public sealed class AgentActionExecutor : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly EthRpcClient _rpc;
    private readonly byte[] _signerKey;
    private readonly ILogger _logger;
    private readonly AgentMetrics _metrics;
    private readonly RevertDecoder _errors;
    private readonly ContractAbi _agentAbi = ContractArtifact.Load(ControllableAgent.ArtifactName).Abi;

    private AgentActionExecutor(AgentSpec spec, AgentModel model, EthRpcClient rpc, ContractDirectory contracts, byte[] signerKey, ulong chainId,
        ILogger logger, AgentMetrics metrics, IInferenceFaultInjector? faultInjector, SubmissionPolicy? policy)
    {
        Spec = spec;
        Model = model;
        _rpc = rpc;
        Contracts = contracts;
        _signerKey = signerKey;
        ChainId = chainId;
        logger = InsecureDevLogger.For(spec, logger);
        _logger = logger;
        _metrics = metrics;
        FaultInjector = faultInjector;
        AgentAccount = contracts[spec.AgentContract].Address;
        DeployedContract target = contracts[spec.Action.Contract];
        Planner = new ActionPlanner(spec, target.Address, target.Abi);
        var abis = new List<ContractAbi> { _agentAbi, target.Abi };
        if (contracts.TryGet(InferenceVerifier.ArtifactName, out DeployedContract verifier)) abis.Add(verifier.Abi);
        _errors = new RevertDecoder(abis);
        Submitter = new TransactionSubmitter(rpc, signerKey, chainId, logger, metrics, policy);
    }

    public AgentSpec Spec { get; }
    public AgentModel Model { get; }
    public ContractDirectory Contracts { get; }
    public ActionPlanner Planner { get; }
    public TransactionSubmitter Submitter { get; }
    public ulong ChainId { get; }
    public Address AgentAccount { get; }
    public IInferenceFaultInjector? FaultInjector { get; }

    /// <summary>
    /// Connects an agent to a node: reads the chain id and the contract manifest, loads and hash-checks the model, and
    /// warns when the key is not the agent's registered signer (the contract would refuse every action).
    /// </summary>
    public static async Task<AgentActionExecutor> CreateAsync(AgentSpec spec, EthRpcClient rpc, byte[] signerKey, InferenceBackendCatalog backends,
        ILogger logger, AgentMetrics metrics, IInferenceFaultInjector? faultInjector = null, SubmissionPolicy? policy = null,
        ContractDirectory? contracts = null, CancellationToken cancellation = default)
    {
        ulong chainId = await rpc.ChainIdAsync(cancellation);
        contracts ??= await rpc.GetContractsAsync(cancellation);
        AgentModel model = AgentModel.Load(spec.Model, backends);
        logger = InsecureDevLogger.For(spec, logger);
        var executor = new AgentActionExecutor(spec, model, rpc, contracts, signerKey, chainId, logger, metrics, faultInjector, policy);
        await executor.CheckSignerAsync(cancellation);
        if (faultInjector is not null) logger.LogWarning("agent {Agent}: {FaultInjector}", spec.Name, faultInjector.Description);
        logger.LogInformation("agent {Agent}: model {Model} (sha256 {ModelHash}) on backend {Backend}; acts through {Account} as {Signer}",
            spec.Name, spec.Model.Path, model.ModelHash, model.RuntimeName, executor.AgentAccount.ToChecksumString(), executor.Submitter.From.ToChecksumString());
        return executor;
    }

    private async Task CheckSignerAsync(CancellationToken cancellation)
    {
        if (!Contracts.TryGet(AgentRegistry.ArtifactName, out DeployedContract registry)) return;
        AbiFunction signerOf = registry.Abi.GetFunction("signerOf");
        var signer = (Address)signerOf.DecodeOutput(await _rpc.CallAsync(registry.Address, signerOf.EncodeCall(Spec.AgentId), cancellation: cancellation))[0]!;
        if (signer != Submitter.From)
            _logger.LogWarning("agent {Agent}: key {Key} is not agent {AgentId}'s registered signer {Signer}; its actions will be rejected (NotAgentSigner)",
                Spec.Name, Submitter.From.ToChecksumString(), Spec.AgentId, signer.ToChecksumString());
    }

    /// <summary>Runs the model on the trigger's input (and the fault injector, if any) and plans the call.</summary>
    public PlannedAction Decide(AgentTrigger trigger)
    {
        float[] features = Planner.BuildInput(trigger);
        var clock = Stopwatch.StartNew();
        ModelEvaluation evaluation = Model.Evaluate(Spec.Input.TensorName, features);
        _metrics.InferenceDuration.Record(clock.Elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("agent", Spec.Name));
        _metrics.Inferences.Add(1, new KeyValuePair<string, object?>("agent", Spec.Name));
        if (FaultInjector is not null) evaluation = FaultInjector.Tamper(evaluation);
        return Planner.Plan(trigger, evaluation);
    }

    /// <summary>Decides and acts on one trigger: the whole path from inference to receipt. Rejections are outcomes, not exceptions.</summary>
    public async Task<ActionOutcome> ActAsync(AgentTrigger trigger, CancellationToken cancellation = default)
    {
        _metrics.Triggers.Add(1, new KeyValuePair<string, object?>("agent", Spec.Name));
        PlannedAction action = Decide(trigger);
        return await SubmitAsync(action, trigger.ToString(), cancellation);
    }

    /// <summary>Commits to, proves and submits a planned action through the ControllableAgent.</summary>
    public async Task<ActionOutcome> SubmitAsync(PlannedAction action, string origin, CancellationToken cancellation = default)
    {
        await _gate.WaitAsync(cancellation);
        try
        {
            AbiFunction nonceOf = _agentAbi.GetFunction("nonce");
            var nonce = (UInt256)nonceOf.DecodeOutput(await _rpc.CallAsync(AgentAccount, nonceOf.EncodeCall(), cancellation: cancellation))[0]!;
            ModelEvaluation e = action.Evaluation;
            var commitment = new InferenceCommitment(ChainId, AgentAccount, Spec.AgentId, nonce, e.ModelHash, e.RuntimeId, e.InputHash, e.OutputHash);
            Hash256 actionId = commitment.Hash();
            AgentProof proof = CommitmentProver.Prove(Spec, _signerKey, commitment);
            byte[] calldata = _agentAbi.GetFunction("execute").EncodeCall(action.Target, action.Value, action.Data, proof.Encode());
            string what = $"agent {Spec.Name} {Planner.Function.Name}({string.Join(", ", action.Arguments.Select(Render))}) value {action.Value} [{origin}]";
            _logger.LogInformation("{What}: commitment {Commitment} (nonce {Nonce}, input {InputHash}, output {OutputHash})",
                what, actionId, nonce, e.InputHash, e.OutputHash);
            try
            {
                SubmittedTransaction tx = await Submitter.SendAsync(AgentAccount, UInt256.Zero, calldata, _errors, what, cancellation);
                _metrics.ActionsAccepted.Add(1, new KeyValuePair<string, object?>("agent", Spec.Name));
                _logger.LogInformation("{What}: accepted in block {Block}; action {ActionId} open to challenge", what, tx.Receipt.BlockNumber, actionId);
                return new ActionOutcome(true, actionId, tx.Hash, action, null, null);
            }
            catch (ContractRevertedException r)
            {
                _metrics.ActionsRejected.Add(1, new KeyValuePair<string, object?>("agent", Spec.Name), new KeyValuePair<string, object?>("error", r.ErrorName ?? "unknown"));
                _logger.LogWarning("{What}: rejected by the contract: {Reason}", what, r.Reason.Message);
                return new ActionOutcome(false, actionId, r.TransactionHash, action, r.ErrorName, r.Reason.Message);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string Render(object? v) => v switch
    {
        byte[] b => Core.Encoding.Hex.Encode(b),
        Hash256 h => h.ToString(),
        null => "null",
        System.Collections.IList l => $"[{l.Count} values]",
        _ => v.ToString() ?? "",
    };

    public void Dispose() => Model.Dispose();
}
