namespace AgentChain.Governance.Harness;

/// <summary>
/// One state-changing step of a <see cref="DevChain"/>, in hex, so the same sequence can be replayed on another client
/// (anvil) and compared: a balance set (<see cref="Kind"/> "setBalance") or a transaction ("tx") with its outcome.
/// </summary>
public sealed record TranscriptEntry(string Kind, string From, string? To, string Data, string Value, ulong Timestamp,
    bool? Succeeded = null, long? GasUsed = null, int? LogCount = null, string? ContractAddress = null);
