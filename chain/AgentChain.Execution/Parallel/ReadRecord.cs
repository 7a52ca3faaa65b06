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

/// <summary>What one read returned, kept so phase 3 can check it still holds (value-based validation).</summary>
/// The account's record in multi-version memory is kept with the read, so re-checking it needs no lookup.
internal readonly record struct ReadRecord(ReadKind Kind, AccountVersions Versions, UInt256 Slot, Account? Account, CodeValue? Code, UInt256 Value)
{
    public Address Address => Versions.Address;
}
