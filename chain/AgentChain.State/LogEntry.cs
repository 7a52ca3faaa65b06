using AgentChain.Core.Rlp;
using AgentChain.Core.Types;

namespace AgentChain.State;

/// <summary>A LOG0..LOG4 record: emitting address, topics, data.</summary>
public sealed record LogEntry(Address Address, Hash256[] Topics, byte[] Data)
{
    /// <summary>
    /// Writes the RLP list of logs as receipts and the state tests' logs hash encode it (Yellow Paper §4.3.1):
    /// [[address, [topic…], data], …].
    /// </summary>
    public static void WriteRlpList(RlpWriter writer, IReadOnlyList<LogEntry> logs)
    {
        int list = writer.BeginList();
        foreach (LogEntry log in logs)
        {
            int entry = writer.BeginList();
            writer.WriteAddress(log.Address);
            int topics = writer.BeginList();
            foreach (Hash256 topic in log.Topics) writer.WriteHash(topic);
            writer.EndList(topics);
            writer.WriteBytes(log.Data);
            writer.EndList(entry);
        }
        writer.EndList(list);
    }
}
