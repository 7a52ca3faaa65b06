using System.Globalization;
using System.Numerics;
using AgentChain.Agents.Hosting;
using AgentChain.Agents.Models;
using AgentChain.Agents.Rpc;
using AgentChain.Agents.Transactions;
using AgentChain.Attestation.Commitments;
using AgentChain.Core.Abi;
using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Governance.Bindings;
using AgentChain.Governance.Harness;
using Microsoft.Extensions.Logging;

namespace AgentChain.Agents.NodeRunner;

/// <summary>
/// Serves an AIFeed as one registered, staked node runner: on every new block it joins the open round, or opens the
/// next one once the feed's heartbeat has passed, with the model's prediction for that round's input row (row
/// <c>(round − 1) mod rows</c> of the samples, so every honest runner reports the same value) scaled by the feed's
/// decimals, and the canonical commitment to that inference (agent contract = the feed, agent id = runner id,
/// nonce = round id).
/// </summary>
public sealed class FeedRunner
{
    private readonly EthRpcClient _rpc;
    private readonly DeployedContract _feed;
    private readonly AgentModel _model;
    private readonly float[][] _samples;
    private readonly string _tensorName;
    private readonly TransactionSubmitter _submitter;
    private readonly RevertDecoder _errors;
    private readonly ILogger _logger;
    private readonly AgentMetrics _metrics;
    private readonly HashSet<ulong> _submitted = [];
    private int _busy;

    private FeedRunner(EthRpcClient rpc, DeployedContract feed, AgentModel model, float[][] samples, string tensorName, TransactionSubmitter submitter,
        UInt256 runnerId, byte decimals, ulong heartbeat, ILogger logger, AgentMetrics metrics)
    {
        _rpc = rpc;
        _feed = feed;
        _model = model;
        _samples = samples;
        _tensorName = tensorName;
        _submitter = submitter;
        RunnerId = runnerId;
        Decimals = decimals;
        Heartbeat = heartbeat;
        _logger = logger;
        _metrics = metrics;
        _errors = new RevertDecoder([feed.Abi]);
    }

    public UInt256 RunnerId { get; }
    public byte Decimals { get; }
    public ulong Heartbeat { get; }
    public Address Signer => _submitter.From;

    /// <summary>
    /// Connects a runner to the feed named <paramref name="feedName"/> in the manifest. Without <paramref name="runnerId"/>
    /// it finds the registered agent whose signer is the key (a key that signs for no agent is an error).
    /// </summary>
    public static async Task<FeedRunner> CreateAsync(EthRpcClient rpc, ContractDirectory contracts, string feedName, byte[] key, AgentModel model,
        float[][] samples, string tensorName, ILogger logger, AgentMetrics metrics, UInt256? runnerId = null, SubmissionPolicy? policy = null,
        CancellationToken cancellation = default)
    {
        if (samples.Length == 0) throw new ArgumentException("a feed runner needs at least one input row", nameof(samples));
        DeployedContract feed = contracts[feedName];
        ulong chainId = await rpc.ChainIdAsync(cancellation);
        Address signer = Secp256k1.AddressFromPrivateKey(key);
        UInt256 id = runnerId ?? await FindRunnerIdAsync(rpc, contracts[AgentRegistry.ArtifactName], signer, cancellation)
            ?? throw new InvalidOperationException($"{signer.ToChecksumString()} is the signer of no registered agent; register and stake it as a node runner first, or pass its runner id");
        var decimals = (byte)(uint)await ContractReader.ReadOneAsync<UInt256>(rpc, feed, "decimals", cancellation);
        var heartbeat = (ulong)await ContractReader.ReadOneAsync<UInt256>(rpc, feed, "heartbeat", cancellation);
        var submitter = new TransactionSubmitter(rpc, key, chainId, logger, metrics, policy);
        logger.LogInformation("node runner {Runner} ({Signer}) serves {Feed} with model {Model} (sha256 {Hash}, {Runtime}); {Decimals} decimals, heartbeat {Heartbeat} s",
            id, signer.ToChecksumString(), feed, model.Path, model.ModelHash, model.RuntimeName, decimals, heartbeat);
        return new FeedRunner(rpc, feed, model, samples, tensorName, submitter, id, decimals, heartbeat, logger, metrics);
    }

    /// <summary>The agent id whose registered signer is <paramref name="signer"/>, or null.</summary>
    public static async Task<UInt256?> FindRunnerIdAsync(EthRpcClient rpc, DeployedContract registry, Address signer, CancellationToken cancellation)
    {
        var total = (ulong)await ContractReader.ReadOneAsync<UInt256>(rpc, registry, "totalAgents", cancellation);
        for (ulong id = 1; id <= total; id++)
            if (await ContractReader.ReadOneAsync<Address>(rpc, registry, "signerOf", cancellation, (UInt256)id) == signer) return id;
        return null;
    }

    /// <summary>Runs until <paramref name="cancellation"/>, trying to report on every new block.</summary>
    public async Task RunAsync(CancellationToken cancellation)
    {
        var subscriber = new EthSubscriber(_rpc.WebSocketUrl, _logger);
        await subscriber.RunAsync(["newHeads"], head =>
        {
            // One attempt at a time; a block that arrives while one is in flight is skipped, the next one retries.
            if (Interlocked.Exchange(ref _busy, 1) == 0)
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await TryReportAsync(cancellation);
                    }
                    catch (Exception e) when (e is EthRpcException or TimeoutException or ContractRevertedException)
                    {
                        _logger.LogWarning("node runner {Runner}: report failed: {Reason}", RunnerId, e.Message);
                    }
                    catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                    {
                    }
                    finally
                    {
                        Volatile.Write(ref _busy, 0);
                    }
                }, CancellationToken.None);
            return Task.CompletedTask;
        }, cancellation: cancellation);
    }

    /// <summary>Reports to the open round, or opens the next once the heartbeat has passed; null when there is nothing to do now.</summary>
    public async Task<FeedReport?> TryReportAsync(CancellationToken cancellation = default)
    {
        var open = (ulong)await ContractReader.ReadOneAsync<UInt256>(_rpc, _feed, "openRoundId", cancellation);
        ulong round;
        if (open != 0)
        {
            round = open;
        }
        else
        {
            if (!await HeartbeatDueAsync(cancellation)) return null;
            round = (ulong)await ContractReader.ReadOneAsync<UInt256>(_rpc, _feed, "latestRoundId", cancellation) + 1;
        }
        if (_submitted.Contains(round)) return null;

        ModelEvaluation evaluation = _model.Evaluate(_tensorName, _samples[(int)((round - 1) % (ulong)_samples.Length)]);
        double prediction = evaluation.Output(evaluation.Outputs.Keys.First(), 0);
        var value = new BigInteger(Math.Round(prediction * Math.Pow(10, Decimals), MidpointRounding.ToEven));
        ulong chainId = _submitter.ChainId;
        Hash256 commitment = new InferenceCommitment(chainId, _feed.Address, RunnerId, round, evaluation.ModelHash, evaluation.RuntimeId,
            evaluation.InputHash, evaluation.OutputHash).Hash();
        byte[] data = _feed.Abi.GetFunction("submit").EncodeCall(RunnerId, round, value, commitment);
        string what = $"node runner {RunnerId} submit round {round} value {value} ({prediction.ToString("0.###", CultureInfo.InvariantCulture)})";
        try
        {
            SubmittedTransaction tx = await _submitter.SendAsync(_feed.Address, UInt256.Zero, data, _errors, what, cancellation);
            _submitted.Add(round);
            _metrics.FeedSubmissions.Add(1, new KeyValuePair<string, object?>("runner", RunnerId.ToString()));
            return new FeedReport(round, value, commitment, tx.Hash);
        }
        catch (ContractRevertedException e) when (e.ErrorName is "AlreadySubmitted" or "NoUpdateNeeded" or "InvalidRound")
        {
            // Another runner moved the feed between our read and our estimate; the next block tries again.
            if (e.ErrorName == "AlreadySubmitted") _submitted.Add(round);
            _logger.LogDebug("{What}: not needed now ({Reason})", what, e.Reason.Message);
            return null;
        }
    }

    private async Task<bool> HeartbeatDueAsync(CancellationToken cancellation)
    {
        AbiFunction latest = _feed.Abi.GetFunction("latestRoundData");
        object?[] r;
        try
        {
            r = latest.DecodeOutput(await _rpc.CallAsync(_feed.Address, latest.EncodeCall(), cancellation: cancellation));
        }
        catch (EthRpcException e) when (e.IsRevert)
        {
            return true; // NoDataPresent: the feed has never answered
        }
        var updatedAt = (ulong)(UInt256)r[3]!;
        return await _rpc.LatestTimestampAsync(cancellation) >= updatedAt + Heartbeat;
    }
}
