using AgentChain.Core.Types;
using AgentChain.State;

namespace AgentChain.Node.Storage;

/// <summary>A log with its position in the chain, as eth_getLogs returns it.</summary>
public sealed record StoredLog(LogEntry Log, ulong BlockNumber, Hash256 BlockHash, Hash256 TransactionHash, int TransactionIndex, int LogIndex, bool Removed = false);
