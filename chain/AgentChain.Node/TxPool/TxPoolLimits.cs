namespace AgentChain.Node.TxPool;

/// <summary>Explicit bounds on the pool (every queue has one).</summary>
public sealed record TxPoolLimits
{
    /// <summary>All transactions, pending and queued.</summary>
    public int MaxTransactions { get; init; } = 100_000;

    /// <summary>Per sender; generous because devnet load tests send long nonce runs from few accounts.</summary>
    public int MaxPerSender { get; init; } = 25_000;

    /// <summary>Largest accepted encoded transaction (geth's txMaxSize is 128 KiB).</summary>
    public int MaxTransactionBytes { get; init; } = 128 * 1024;

    /// <summary>A replacement must raise both fee caps by at least this percentage (geth's price bump).</summary>
    public int ReplacementBumpPercent { get; init; } = 10;
}
