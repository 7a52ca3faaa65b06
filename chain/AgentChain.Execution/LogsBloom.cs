using System.Runtime.InteropServices;
using AgentChain.Core.Crypto;
using AgentChain.State;

namespace AgentChain.Execution;

/// <summary>
/// The 2048-bit logs bloom of the Yellow Paper (§4.3.1): for the address and each topic of every log, three
/// 11-bit indices taken from the first six bytes of its Keccak-256 set one bit each.
/// </summary>
public sealed class LogsBloom : IEquatable<LogsBloom>
{
    public const int Length = 256;

    private readonly byte[] _bits = new byte[Length];

    public ReadOnlySpan<byte> Bytes => _bits;

    public static LogsBloom FromLogs(IEnumerable<LogEntry> logs)
    {
        var bloom = new LogsBloom();
        foreach (LogEntry log in logs) bloom.Add(log);
        return bloom;
    }

    public void Add(LogEntry log)
    {
        AddValue(log.Address.Bytes);
        foreach (var topic in log.Topics) AddValue(topic.Bytes);
    }

    public void Accumulate(LogsBloom other)
    {
        Span<ulong> bits = MemoryMarshal.Cast<byte, ulong>(_bits.AsSpan());
        ReadOnlySpan<ulong> more = MemoryMarshal.Cast<byte, ulong>(other._bits.AsSpan());
        for (int i = 0; i < bits.Length; i++) bits[i] |= more[i];
    }

    private void AddValue(ReadOnlySpan<byte> value)
    {
        Span<byte> hash = stackalloc byte[32];
        Keccak256.Hash(value, hash);
        for (int i = 0; i < 6; i += 2)
        {
            int bit = ((hash[i] << 8) | hash[i + 1]) & 2047;
            _bits[Length - 1 - bit / 8] |= (byte)(1 << (bit % 8));
        }
    }

    public bool Equals(LogsBloom? other) => other is not null && _bits.AsSpan().SequenceEqual(other._bits);
    public override bool Equals(object? obj) => Equals(obj as LogsBloom);
    public override int GetHashCode() => BitConverter.ToInt32(_bits, 0) ^ BitConverter.ToInt32(_bits, 252);
    public override string ToString() => Convert.ToHexStringLower(_bits);
}
