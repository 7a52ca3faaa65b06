using AgentChain.Core.Crypto;
using SignedTransaction = AgentChain.Core.Transactions.Transaction;

namespace AgentChain.Execution;

/// <summary>
/// Recovers every sender of a block once, in parallel, before execution (secp256k1 recovery dominates the cost of
/// a plain transfer). Re-executions reuse the result; the signed transaction also caches its sender.
/// </summary>
internal static class SenderRecovery
{
    public static PreparedTransaction[] Prepare(IReadOnlyList<SignedTransaction> transactions, int threads)
    {
        var prepared = new PreparedTransaction[transactions.Count];
        LargeStackThreads.For(transactions.Count, threads, i => prepared[i] = PrepareOne(transactions, i));
        return prepared;
    }

    /// <summary>The same on a block executor's own workers (the parallel executor's, which are idle at this point).</summary>
    public static PreparedTransaction[] Prepare(IReadOnlyList<SignedTransaction> transactions, BlockWorkerPool workers)
    {
        var prepared = new PreparedTransaction[transactions.Count];
        if (transactions.Count < 64) for (int i = 0; i < prepared.Length; i++) prepared[i] = PrepareOne(transactions, i);
        else workers.For(transactions.Count, i => prepared[i] = PrepareOne(transactions, i));
        return prepared;
    }

    private static PreparedTransaction PrepareOne(IReadOnlyList<SignedTransaction> transactions, int i)
    {
        SignedTransaction tx = transactions[i];
        try
        {
            return new PreparedTransaction(i, tx, TransactionConversion.ToExecution(tx, tx.RecoverSender()), null);
        }
        catch (Exception e) when (e is SignatureException or InvalidOperationException)
        {
            return new PreparedTransaction(i, tx, null, "TransactionException.INVALID_SIGNATURE: " + e.Message);
        }
    }
}
