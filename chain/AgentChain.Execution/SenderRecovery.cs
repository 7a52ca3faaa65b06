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
        System.Threading.Tasks.Parallel.For(0, transactions.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, i =>
        {
            SignedTransaction tx = transactions[i];
            try
            {
                prepared[i] = new PreparedTransaction(i, tx, TransactionConversion.ToExecution(tx, tx.RecoverSender()), null);
            }
            catch (Exception e) when (e is SignatureException or InvalidOperationException)
            {
                prepared[i] = new PreparedTransaction(i, tx, null, "TransactionException.INVALID_SIGNATURE: " + e.Message);
            }
        });
        return prepared;
    }
}
