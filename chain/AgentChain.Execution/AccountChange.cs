using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.State;

namespace AgentChain.Execution;

/// <summary>
/// The net effect of a block on one account: whether its old storage is gone (it was deleted or re-created),
/// its final fields (null: it does not exist after the block), code that was set in the block, and the slots
/// written after the last wipe (zero deletes).
/// </summary>
public sealed record AccountChange(Address Address, bool StorageWiped, Account? Final, byte[]? NewCode, IReadOnlyDictionary<UInt256, UInt256> Storage);
