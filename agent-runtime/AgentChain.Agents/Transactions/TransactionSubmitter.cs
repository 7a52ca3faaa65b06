using System.Diagnostics;
using AgentChain.Agents.Hosting;
using AgentChain.Agents.Rpc;
using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Transactions;
using AgentChain.Core.Types;
using Microsoft.Extensions.Logging;

namespace AgentChain.Agents.Transactions;

/// <summary>
/// Sends EIP-1559 transactions from one key and sees them mined: tracks the account nonce locally (synced from the
/// node at start and after a nonce error), estimates gas first so a call that would revert is refused with its decoded
/// custom error and never sent, retries transient RPC failures with exponential backoff, and re-signs a stuck
/// transaction at the same nonce with bumped fees until a receipt arrives. One transaction at a time per signer.
/// </summary>
public sealed class TransactionSubmitter
{
    private readonly EthRpcClient _rpc;
    private readonly byte[] _privateKey;
    private readonly ILogger _logger;
    private readonly AgentMetrics? _metrics;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ulong? _nextNonce;

    public TransactionSubmitter(EthRpcClient rpc, byte[] privateKey, ulong chainId, ILogger logger, AgentMetrics? metrics = null,
        SubmissionPolicy? policy = null)
    {
        if (!Secp256k1.IsValidPrivateKey(privateKey)) throw new ArgumentException("the signer key is not a valid secp256k1 private key", nameof(privateKey));
        _rpc = rpc;
        _privateKey = (byte[])privateKey.Clone();
        ChainId = chainId;
        _logger = logger;
        _metrics = metrics;
        Policy = policy ?? new SubmissionPolicy();
        From = Secp256k1.AddressFromPrivateKey(privateKey);
    }

    public Address From { get; }
    public ulong ChainId { get; }
    public SubmissionPolicy Policy { get; }

    /// <summary>
    /// Sends a call and waits for its receipt. Throws <see cref="ContractRevertedException"/> (decoded with
    /// <paramref name="errors"/>) when the call would revert or reverted on chain, and <see cref="EthRpcException"/>
    /// when the node stayed unreachable through every retry.
    /// </summary>
    public async Task<SubmittedTransaction> SendAsync(Address to, UInt256 value, byte[] data, RevertDecoder errors, string what,
        CancellationToken cancellation = default)
    {
        await _gate.WaitAsync(cancellation);
        try
        {
            ulong gas = await EstimateAsync(to, value, data, errors, what, cancellation);
            gas = gas * (ulong)(100 + Policy.GasHeadroomPercent) / 100;
            UInt256 baseFee = await RetryAsync("eth_getBlockByNumber", c => _rpc.BaseFeeAsync(c), cancellation);
            UInt256 tip;
            try
            {
                tip = await RetryAsync("eth_maxPriorityFeePerGas", c => _rpc.MaxPriorityFeePerGasAsync(c), cancellation);
            }
            catch (EthRpcException e) when (e.Code is not null)
            {
                tip = Policy.DefaultPriorityFee; // a node without the method: use the policy's tip
            }
            if (tip.IsZero) tip = Policy.DefaultPriorityFee;
            UInt256 maxFee = baseFee * 2 + tip;
            ulong nonce = _nextNonce ??= await RetryAsync("eth_getTransactionCount", c => _rpc.GetTransactionCountAsync(From, "pending", c), cancellation);

            var sent = new List<Hash256>();
            var clock = Stopwatch.StartNew();
            int bumps = 0;
            Hash256 hash = await SendSignedAsync(Build(to, value, data, gas, nonce, tip, maxFee), what, cancellation);
            sent.Add(hash);
            _nextNonce = nonce + 1;
            _logger.LogInformation("{What}: sent {Hash} (nonce {Nonce}, gas {Gas}, max fee {MaxFee}, tip {Tip})", what, hash, nonce, gas, maxFee, tip);
            TimeSpan lastSend = clock.Elapsed;
            while (true)
            {
                foreach (Hash256 h in sent)
                {
                    RpcReceipt? receipt = await RetryAsync("eth_getTransactionReceipt", c => _rpc.GetTransactionReceiptAsync(h, c), cancellation);
                    if (receipt is null) continue;
                    _metrics?.ConfirmationDuration.Record(clock.Elapsed.TotalMilliseconds);
                    if (!receipt.Succeeded)
                        throw new ContractRevertedException($"{what} (transaction {h}, block {receipt.BlockNumber})",
                            await ReplayRevertAsync(to, value, data, errors, cancellation), h);
                    _logger.LogInformation("{What}: mined {Hash} in block {Block}, gas used {GasUsed}", what, h, receipt.BlockNumber, receipt.GasUsed);
                    return new SubmittedTransaction(h, nonce, receipt, bumps);
                }
                if (clock.Elapsed > Policy.ReceiptTimeout)
                    throw new TimeoutException($"{what}: no receipt for nonce {nonce} after {Policy.ReceiptTimeout.TotalSeconds:0} s (sent {string.Join(", ", sent)})");
                if (clock.Elapsed - lastSend > Policy.StuckAfter)
                {
                    tip = Bump(tip);
                    maxFee = UInt256.Max(Bump(maxFee), await RetryAsync("eth_getBlockByNumber", c => _rpc.BaseFeeAsync(c), cancellation) * 2 + tip);
                    try
                    {
                        Hash256 replacement = await SendSignedAsync(Build(to, value, data, gas, nonce, tip, maxFee), what, cancellation);
                        sent.Add(replacement);
                        bumps++;
                        _metrics?.FeeBumps.Add(1);
                        _logger.LogWarning("{What}: nonce {Nonce} not mined after {Seconds:0.0} s; replaced with {Hash} (max fee {MaxFee}, tip {Tip})",
                            what, nonce, (clock.Elapsed - lastSend).TotalSeconds, replacement, maxFee, tip);
                    }
                    catch (EthRpcException e) when (e.RpcMessage.Contains("nonce too low", StringComparison.Ordinal))
                    {
                        // One of the sent versions was mined meanwhile: the receipt poll above finds it.
                        _logger.LogInformation("{What}: nonce {Nonce} already used by a mined version; waiting for its receipt", what, nonce);
                    }
                    lastSend = clock.Elapsed;
                }
                await Task.Delay(Policy.ReceiptPollInterval, cancellation);
            }
        }
        catch (EthRpcException e) when (e.RpcMessage.Contains("nonce", StringComparison.OrdinalIgnoreCase))
        {
            _nextNonce = null; // resync from the node next time
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<ulong> EstimateAsync(Address to, UInt256 value, byte[] data, RevertDecoder errors, string what, CancellationToken cancellation)
    {
        try
        {
            return await RetryAsync("eth_estimateGas", c => _rpc.EstimateGasAsync(From, to, value, data, c), cancellation);
        }
        catch (EthRpcException e) when (e.IsRevert)
        {
            throw new ContractRevertedException(what, errors.Decode(e.RevertData ?? []));
        }
    }

    private async Task<Core.Abi.RevertReason> ReplayRevertAsync(Address to, UInt256 value, byte[] data, RevertDecoder errors, CancellationToken cancellation)
    {
        try
        {
            await _rpc.CallAsync(to, data, From, value, cancellation);
            return Core.Abi.RevertReason.Decode([]);
        }
        catch (EthRpcException e) when (e.IsRevert)
        {
            return errors.Decode(e.RevertData ?? []);
        }
    }

    private Transaction Build(Address to, UInt256 value, byte[] data, ulong gas, ulong nonce, UInt256 tip, UInt256 maxFee) => new Transaction
    {
        Type = TransactionType.DynamicFee,
        ChainId = ChainId,
        Nonce = nonce,
        MaxPriorityFeePerGas = tip,
        MaxFeePerGas = maxFee,
        GasLimit = gas,
        To = to,
        Value = value,
        Data = data,
    }.Sign(_privateKey);

    private async Task<Hash256> SendSignedAsync(Transaction tx, string what, CancellationToken cancellation)
    {
        try
        {
            return await RetryAsync("eth_sendRawTransaction", c => _rpc.SendRawTransactionAsync(tx.Encode(), c), cancellation);
        }
        catch (EthRpcException e) when (e.RpcMessage.Contains("already known", StringComparison.Ordinal))
        {
            return tx.Hash; // a retried send that had reached the pool the first time
        }
    }

    private UInt256 Bump(UInt256 fee) => fee * (ulong)(100 + Policy.FeeBumpPercent) / 100 + 1;

    /// <summary>Runs an RPC call, retrying transient failures with exponential backoff.</summary>
    private async Task<T> RetryAsync<T>(string method, Func<CancellationToken, Task<T>> call, CancellationToken cancellation)
    {
        TimeSpan delay = Policy.InitialBackoff;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await call(cancellation);
            }
            catch (EthRpcException e) when (e.IsTransient && attempt < Policy.MaxAttempts)
            {
                _metrics?.TransactionRetries.Add(1);
                _logger.LogWarning("{Method} failed ({Reason}); attempt {Attempt}/{Max}, retrying in {Delay} ms",
                    method, e.Message, attempt, Policy.MaxAttempts, (int)delay.TotalMilliseconds);
                await Task.Delay(delay, cancellation);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Policy.MaxBackoff.Ticks));
            }
        }
    }
}
