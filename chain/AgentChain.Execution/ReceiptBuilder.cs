using AgentChain.Core.Types;
using AgentChain.Evm;
using AgentChain.Evm.Handler;
using AgentChain.State;

namespace AgentChain.Execution;

/// <summary>Turns per-transaction outcomes, in block order, into receipts with cumulative gas and the block bloom.</summary>
internal sealed class ReceiptBuilder
{
    private readonly List<TransactionReceipt> _receipts = [];
    private readonly LogsBloom _blockBloom = new();
    private long _cumulativeGas;

    public long GasUsed => _cumulativeGas;
    public LogsBloom Bloom => _blockBloom;
    public IReadOnlyList<TransactionReceipt> Receipts => _receipts;

    public void AddRejected(PreparedTransaction tx, string error) => _receipts.Add(Rejected(tx, error, _cumulativeGas));

    /// <summary>The receipt's logs bloom for an outcome (computed ahead by Block-STM's workers, in parallel).</summary>
    public static LogsBloom BloomOf(TransactionOutcome outcome) =>
        LogsBloom.FromLogs(outcome.IsValid && outcome.Status == CallStatus.Success ? outcome.Logs : []);

    /// <param name="tx">The transaction.</param>
    /// <param name="outcome">Its outcome.</param>
    /// <param name="bloom">Its <see cref="BloomOf"/> when already computed; computed here otherwise.</param>
    public void Add(PreparedTransaction tx, TransactionOutcome outcome, LogsBloom? bloom = null)
    {
        if (outcome.IsValid) _cumulativeGas += outcome.GasUsed;
        TransactionReceipt receipt = Create(tx, outcome, _cumulativeGas, bloom);
        // A receipt without logs has an empty bloom: nothing to add (most of a block of plain transfers).
        if (receipt.Logs.Count > 0) _blockBloom.Accumulate(receipt.Bloom);
        _receipts.Add(receipt);
    }

    /// <summary>
    /// The receipt of an executed transaction whose block has used <paramref name="cumulativeGas"/> up to and including
    /// it (Block-STM builds receipts on its workers from gas sums taken in block order).
    /// </summary>
    public static TransactionReceipt Create(PreparedTransaction tx, TransactionOutcome outcome, long cumulativeGas, LogsBloom? bloom = null)
    {
        if (!outcome.IsValid) return Rejected(tx, outcome.Error!, cumulativeGas);
        bool success = outcome.Status == CallStatus.Success;
        IReadOnlyList<LogEntry> logs = success ? outcome.Logs : [];
        bloom ??= BloomOf(outcome);
        Address? created = tx.Execution!.IsCreate && success ? EvmHost.CreateAddress(tx.Sender, tx.Execution.Nonce.U0) : null;
        return new TransactionReceipt(tx.Signed.Hash, tx.Sender, success, outcome.GasUsed, cumulativeGas, logs, bloom, created, null);
    }

    public static TransactionReceipt Rejected(PreparedTransaction tx, string error, long cumulativeGas) =>
        new(tx.Signed.Hash, tx.Sender, false, 0, cumulativeGas, [], new LogsBloom(), null, error);
}
