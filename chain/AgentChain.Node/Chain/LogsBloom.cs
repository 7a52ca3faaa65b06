using AgentChain.Core.Crypto;
using AgentChain.Core.Types;
using AgentChain.State;

namespace AgentChain.Node.Chain;

/// <summary>The 2048-bit log bloom (Yellow Paper §4.3.1): three bits per address and topic from its Keccak-256.</summary>
public static class LogsBloom
{
    public const int Length = 256;

    public static byte[] Of(IEnumerable<LogEntry> logs)
    {
        var bloom = new byte[Length];
        foreach (LogEntry log in logs) Add(bloom, log);
        return bloom;
    }

    public static void Add(byte[] bloom, LogEntry log)
    {
        Add(bloom, log.Address.Bytes);
        foreach (Hash256 topic in log.Topics) Add(bloom, topic.Bytes);
    }

    private static void Add(byte[] bloom, ReadOnlySpan<byte> item)
    {
        Hash256 hash = Keccak256.Hash(item);
        ReadOnlySpan<byte> h = hash.Bytes;
        for (int i = 0; i < 6; i += 2)
        {
            int bit = ((h[i] << 8) | h[i + 1]) & 2047;
            bloom[Length - 1 - bit / 8] |= (byte)(1 << (bit % 8));
        }
    }

    public static void Merge(byte[] into, ReadOnlySpan<byte> other)
    {
        for (int i = 0; i < Length; i++) into[i] |= other[i];
    }
}
