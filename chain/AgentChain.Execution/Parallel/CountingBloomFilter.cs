using AgentChain.Core.Crypto;
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

    public void Decay()
    {
        for (int i = 0; i < Size; i++) _counters[i] >>= 1;
    }

    private static void Slots(in Address key, Span<int> slots)
    {
        Span<byte> hash = stackalloc byte[32];
        Keccak256.Hash(key.Bytes, hash);
        for (int i = 0; i < 3; i++) slots[i] = ((hash[2 * i] << 8) | hash[2 * i + 1]) & (Size - 1);
    }
}
