using System.Buffers.Binary;
using AgentChain.Core.Types;

namespace AgentChain.Execution.Parallel;

/// <summary>
/// A counting Bloom filter over addresses: each add increments three saturating counters; the estimate is their
/// minimum (never below the true count). Fixed memory however many keys a block touches; <see cref="Decay"/> halves
/// every counter so old evidence fades from block to block.
/// </summary>
internal sealed class CountingBloomFilter
{
    private const int Size = 1 << 14;
    private readonly ushort[] _counters = new ushort[Size];

    public void Add(in Address key, int amount = 1)
    {
        Span<int> slots = stackalloc int[3];
        Slots(key, slots);
        foreach (int s in slots) _counters[s] = (ushort)Math.Min(ushort.MaxValue, _counters[s] + amount);
    }

    public int Estimate(in Address key)
    {
        Span<int> slots = stackalloc int[3];
        Slots(key, slots);
        int min = int.MaxValue;
        foreach (int s in slots) min = Math.Min(min, _counters[s]);
        return min;
    }

    /// <summary>True when some counter is non-zero (something was added and has not decayed away).</summary>
    public bool AnyCounted() => _counters.AsSpan().IndexOfAnyExcept((ushort)0) >= 0;

    public void Decay()
    {
        for (int i = 0; i < Size; i++) _counters[i] >>= 1;
    }

    private static void Slots(in Address key, Span<int> slots)
    {
        // Addresses are already hashes (of keys, or of creator and nonce): fold their bytes, no need for Keccak.
        ReadOnlySpan<byte> b = key.Bytes;
        ulong h = BinaryPrimitives.ReadUInt64LittleEndian(b) ^ BinaryPrimitives.ReadUInt64LittleEndian(b[8..]) * 0x9E3779B97F4A7C15UL
            ^ BinaryPrimitives.ReadUInt32LittleEndian(b[16..]) * 0xC2B2AE3D27D4EB4FUL;
        for (int i = 0; i < 3; i++)
        {
            h ^= h >> 29;
            h *= 0xBF58476D1CE4E5B9UL;
            slots[i] = (int)(h >> 40) & (Size - 1);
        }
    }
}
