using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Evm.Precompiles;
using AgentChain.Evm.Tracing;
using AgentChain.State;

namespace AgentChain.Evm.Handler;

/// <summary>
/// Cancun transaction processing (revm's handler): validate, buy gas, pre-warm, run the message, refund,
/// pay the coinbase, commit. A rejected transaction leaves the state untouched.
/// </summary>
public sealed class TransactionProcessor
{
    public const int MaxBlobsPerTransaction = 6;

    private readonly PrecompileSet _precompiles;

    public TransactionProcessor(PrecompileSet precompiles) => _precompiles = precompiles;

    /// <summary>
    /// When true, the coinbase's priority fee is not credited to the state but reported as
    /// <see cref="TransactionOutcome.CoinbaseFee"/>, for a block executor that settles fees as lazy deltas (Block-STM:
    /// otherwise every transaction reads and writes the coinbase balance and the whole block conflicts).
    /// </summary>
    public bool DeferCoinbaseFee { get; init; }

    /// <summary>Optional wall-clock bound for one transaction (tools and tests); null means none.</summary>
    public TimeSpan? Timeout { get; init; }

    public static long IntrinsicGas(Transaction tx)
    {
        long gas = GasCosts.TxBase;
        foreach (byte b in tx.Data) gas += b == 0 ? GasCosts.TxDataZero : GasCosts.TxDataNonZero;
        if (tx.IsCreate) gas += GasCosts.TxCreate + GasCosts.InitCodeWord * GasCosts.Words(tx.Data.Length);
        foreach (AccessListEntry entry in tx.AccessList)
            gas += GasCosts.TxAccessListAddress + GasCosts.TxAccessListSlot * entry.StorageKeys.Length;
        return gas;
    }

    private static string? Validate(WorldState state, BlockEnvironment block, Transaction tx)
    {
        if (!tx.GasLimit.IsUInt64 || tx.GasLimit.U0 > block.GasLimit) return "TransactionException.GAS_ALLOWANCE_EXCEEDED";
        // EIP-2681: the nonce is at most 2^64 - 2 so that incrementing it cannot overflow.
        if (!tx.Nonce.IsUInt64 || tx.Nonce.U0 == ulong.MaxValue) return "TransactionException.NONCE_IS_MAX";
        if (tx.HasFeeCaps && tx.MaxPriorityFeePerGas > tx.MaxFeePerGas) return "TransactionException.PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS";
        if (tx.FeeCap < block.BaseFee) return "TransactionException.INSUFFICIENT_MAX_FEE_PER_GAS";
        if (tx.Type == 3)
        {
            if (tx.IsCreate) return "TransactionException.TYPE_3_TX_CONTRACT_CREATION";
            if (tx.BlobVersionedHashes.Length == 0) return "TransactionException.TYPE_3_TX_ZERO_BLOBS";
            if (tx.BlobVersionedHashes.Length > MaxBlobsPerTransaction) return "TransactionException.TYPE_3_TX_BLOB_COUNT_EXCEEDED";
            foreach (Hash256 h in tx.BlobVersionedHashes)
                if (h.Bytes[0] != 0x01) return "TransactionException.TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH";
            if (tx.MaxFeePerBlobGas < block.BlobBaseFee) return "TransactionException.INSUFFICIENT_MAX_FEE_PER_BLOB_GAS";
        }
        if (tx.IsCreate && tx.Data.Length > GasCosts.MaxInitCodeSize) return "TransactionException.INITCODE_SIZE_EXCEEDED";
        if ((ulong)IntrinsicGas(tx) > tx.GasLimit.U0) return "TransactionException.INTRINSIC_GAS_TOO_LOW";
        ulong accountNonce = state.GetNonce(tx.Sender);
        if (accountNonce < tx.Nonce.U0) return "TransactionException.NONCE_MISMATCH_TOO_HIGH";
        if (accountNonce > tx.Nonce.U0) return "TransactionException.NONCE_MISMATCH_TOO_LOW";
        // EIP-3607: a sender with deployed code cannot originate transactions.
        if (state.GetCodeHash(tx.Sender) != Hash256.EmptyKeccak) return "TransactionException.SENDER_NOT_EOA";
        // Upfront: gas limit × fee cap + value + blob gas × blob fee cap must be covered, without overflow.
        bool overflow = UInt256.MultiplyOverflow(new UInt256(tx.GasLimit.U0), tx.FeeCap, out UInt256 maxCost);
        overflow |= UInt256.AddOverflow(maxCost, tx.Value, out maxCost);
        overflow |= UInt256.MultiplyOverflow(new UInt256(tx.BlobGas), tx.MaxFeePerBlobGas, out UInt256 blobCost);
        overflow |= UInt256.AddOverflow(maxCost, blobCost, out maxCost);
        if (overflow || state.GetBalance(tx.Sender) < maxCost) return "TransactionException.INSUFFICIENT_ACCOUNT_FUNDS";
        return null;
    }

    /// <summary>
    /// Executes <paramref name="tx"/> on <paramref name="state"/> and commits its effects to <paramref name="writer"/>.
    /// A <paramref name="tracer"/> hears every call frame and log (debug tracing; null otherwise).
    /// </summary>
    public TransactionOutcome Execute(WorldState state, IStateWriter writer, BlockEnvironment block, Transaction tx, ICallFrameTracer? tracer = null)
    {
        string? error = Validate(state, block, tx);
        if (error is not null) return TransactionOutcome.Rejected(error);

        UInt256 effectiveGasPrice = tx.HasFeeCaps
            ? UInt256.Min(tx.MaxFeePerGas, block.BaseFee + tx.MaxPriorityFeePerGas)
            : tx.GasPrice;
        ulong gasLimit = tx.GasLimit.U0;
        UInt256 blobFee = new UInt256(tx.BlobGas) * block.BlobBaseFee;
        state.SubtractBalance(tx.Sender, new UInt256(gasLimit) * effectiveGasPrice + blobFee);
        state.SetNonce(tx.Sender, tx.Nonce.U0 + 1);

        // EIP-2929 / EIP-2930 / EIP-3651: sender, recipient, coinbase, precompiles and the access list start warm.
        state.WarmAddress(tx.Sender);
        if (tx.To is { } to) state.WarmAddress(to);
        state.WarmAddress(block.Coinbase);
        foreach (Address precompile in _precompiles.Addresses) state.WarmAddress(precompile);
        foreach (AccessListEntry entry in tx.AccessList)
        {
            state.WarmAddress(entry.Address);
            foreach (UInt256 key in entry.StorageKeys) state.WarmSlot(entry.Address, key);
        }

        var txEnv = new TransactionEnvironment { Origin = tx.Sender, GasPrice = effectiveGasPrice, BlobHashes = tx.BlobVersionedHashes };
        var host = new EvmHost(state, block, txEnv, _precompiles) { Tracer = tracer };
        if (Timeout is { } timeout) host.Deadline = DateTime.UtcNow + timeout;
        long gas = (long)gasLimit - IntrinsicGas(tx);
        CallResult result;
        if (tx.To is { } target)
        {
            result = host.Execute(new CallMessage(CallKind.Call, tx.Sender, target, target, tx.Value, tx.Data, gas, 0, false));
        }
        else
        {
            Address address = EvmHost.CreateAddress(tx.Sender, tx.Nonce.U0);
            result = host.ExecuteCreateTransaction(new CallMessage(CallKind.Create, tx.Sender, address, address, tx.Value, tx.Data, gas, 0, false), address);
        }

        // EIP-3529: refunds are capped at a fifth of the gas used.
        long gasUsed = (long)gasLimit - result.GasLeft;
        long refund = Math.Min(state.Refund, gasUsed / GasCosts.MaxRefundQuotient);
        gasUsed -= refund;
        state.AddBalance(tx.Sender, new UInt256((ulong)((long)gasLimit - gasUsed)) * effectiveGasPrice);
        // EIP-1559: the base fee is burned; the coinbase gets only the priority part.
        UInt256 coinbaseFee = new UInt256((ulong)gasUsed) * (effectiveGasPrice - block.BaseFee);
        if (!DeferCoinbaseFee) state.AddBalance(block.Coinbase, coinbaseFee);

        var logs = state.Logs.ToArray();
        state.Commit(writer);
        return new TransactionOutcome(null, result.Status, gasUsed, logs, result.Output, host.TouchedUnavailablePrecompile) { CoinbaseFee = coinbaseFee };
    }
}
