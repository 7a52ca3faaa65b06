using AgentChain.Core.Numerics;
using AgentChain.State;

namespace AgentChain.Evm.Handler;

/// <summary>
/// What a transaction did: rejected before execution (<see cref="Error"/> names the rule, as the
/// ethereum/tests <c>TransactionException.*</c> names do), or executed with a status, gas used and logs.
/// </summary>
public sealed record TransactionOutcome(string? Error, CallStatus Status, long GasUsed, IReadOnlyList<LogEntry> Logs, byte[] Output, bool TouchedUnavailablePrecompile = false)
{
    public bool IsValid => Error is null;

    /// <summary>The priority fee owed to the coinbase (credited already unless <see cref="TransactionProcessor.DeferCoinbaseFee"/>).</summary>
    public UInt256 CoinbaseFee { get; init; }

    public static TransactionOutcome Rejected(string error) => new(error, CallStatus.Failure, 0, [], []);
}
