using AgentChain.Core.Types;

namespace AgentChain.Node.Tracing;

/// <summary>
/// A log in a call frame. <see cref="Position"/> is how many nested calls of the same frame came before it, so a
/// reader can interleave logs and calls (geth PR 28389).
/// </summary>
public sealed record CallLog(Address Address, Hash256[] Topics, byte[] Data, int Position);
