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

    public void AddRejected(PreparedTransaction tx, string error) =>
        _receipts.Add(new TransactionReceipt(tx.Signed.Hash, tx.Sender, false, 0, _cumulativeGas, [], new LogsBloom(), null, error));

    /// <summary>The receipt's logs bloom for an outcome (computed ahead by Block-STM's workers, in parallel).</summary>
    public static LogsBloom BloomOf(TransactionOutcome outcome) =>
        LogsBloom.FromLogs(outcome.IsValid && outcome.Status == CallStatus.Success ? outcome.Logs : []);

    /// <param name="tx">The transaction.</param>
    /// <param name="outcome">Its outcome.</param>
    /// <param name="bloom">Its <see cref="BloomOf"/> when already computed; computed here otherwise.</param>
    public void Add(PreparedTransaction tx, TransactionOutcome outcome, LogsBloom? bloom = null)
    {
        if (!outcome.IsValid)
        {
            AddRejected(tx, outcome.Error!);
            return;
        }
        _cumulativeGas += outcome.GasUsed;
        bool success = outcome.Status == CallStatus.Success;
        IReadOnlyList<LogEntry> logs = success ? outcome.Logs : [];
        bloom ??= LogsBloom.FromLogs(logs);
        _blockBloom.Accumulate(bloom);
        Address? created = tx.Execution!.IsCreate && success ? EvmHost.CreateAddress(tx.Sender, tx.Execution.Nonce.U0) : null;
        _receipts.Add(new TransactionReceipt(tx.Signed.Hash, tx.Sender, success, outcome.GasUsed, _cumulativeGas, logs, bloom, created, null));
    }
}
