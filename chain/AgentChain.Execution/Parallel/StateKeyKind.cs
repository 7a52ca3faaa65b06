namespace AgentChain.Execution.Parallel;

/// <summary>The kinds of location multi-version memory tracks. Account fields are separate so a transfer that only moves value does not conflict with one that only bumps a nonce.</summary>
internal enum StateKeyKind : byte
{
    Balance,
    Nonce,
    /// <summary>Existence flag and code hash: changes only when an account is created or deleted, or code is deployed.</summary>
    Code,
    Storage,
    /// <summary>All storage of the account was dropped (deletion or re-creation): slots written earlier read as zero.</summary>
    StorageWipe,
}
