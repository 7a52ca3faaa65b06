using AgentChain.Core.Types;

namespace AgentChain.State;

/// <summary>A LOG0..LOG4 record: emitting address, topics, data.</summary>
public sealed record LogEntry(Address Address, Hash256[] Topics, byte[] Data);
