using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.State;

/// <summary>What a journal entry undoes. Every state change made during a transaction has one.</summary>
internal enum JournalKind : byte
{
    Balance,
    Nonce,
    Code,
    Storage,
    StorageAbsent,
    AccountCreated,
    AccountReset,
    SelfDestruct,
    Touch,
    Transient,
    WarmAddress,
    WarmSlot,
    Refund,
    Log,
}

/// <summary>One undo record: the previous value of whatever <see cref="Kind"/> names. A value type, so journaling allocates only when the list grows.</summary>
internal readonly record struct JournalEntry(JournalKind Kind, Address Address, UInt256 Key = default, UInt256 Value = default, ulong Number = 0, bool Flag = false, object? Previous = null);
