using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.State;

namespace AgentChain.Execution.Parallel;

internal enum ReadKind : byte
{
    /// <summary>Everything <see cref="IStateReader.GetAccount"/> returns.</summary>
    Account,
    /// <summary>Only the code location (a lazily credited plain-transfer recipient: its balance was not read).</summary>
    CodeOnly,
    Storage,
}

/// <summary>
/// What one read returned, kept so phase 3 can check it still holds (value-based validation). The account's record in
/// multi-version memory is kept with the read, so re-checking it needs no lookup. <see cref="FromParent"/>: no
/// transaction below the reader had written the location, the value came from the parent state; while that stays so
/// the value cannot have changed, and validation checks only that (most reads of a low-conflict block).
/// </summary>
internal readonly record struct ReadRecord(ReadKind Kind, AccountVersions Versions, UInt256 Slot, Account? Account, CodeValue? Code, UInt256 Value, bool FromParent)
{
    public Address Address => Versions.Address;
}
