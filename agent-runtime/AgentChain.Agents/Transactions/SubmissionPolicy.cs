using AgentChain.Core.Numerics;

namespace AgentChain.Agents.Transactions;

/// <summary>How hard a <see cref="TransactionSubmitter"/> tries: retries, backoff, when a transaction counts as stuck, fee bumps.</summary>
public sealed record SubmissionPolicy
{
    /// <summary>Attempts per RPC call on transient errors (node unreachable, server fault); reverts are never retried.</summary>
    public int MaxAttempts { get; init; } = 6;

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often to ask for the receipt.</summary>
    public TimeSpan ReceiptPollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Not mined after this long: re-sign the same nonce with higher fees.</summary>
    public TimeSpan StuckAfter { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>Give up waiting for a receipt after this long (the transaction may still be mined later).</summary>
    public TimeSpan ReceiptTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Percentage added to both fee caps per bump; at least the pool's 10 % replacement rule.</summary>
    public int FeeBumpPercent { get; init; } = 15;

    /// <summary>Tip used when the node cannot suggest one.</summary>
    public UInt256 DefaultPriorityFee { get; init; } = 1_000_000_000UL;

    /// <summary>Gas limit = estimate × (100 + this) / 100: headroom for state that moves between estimate and inclusion.</summary>
    public int GasHeadroomPercent { get; init; } = 25;
}
