using System.Collections.Concurrent;
using AgentChain.Core.Types;

namespace AgentChain.Execution.Parallel;

/// <summary>
/// Multi-version memory's map from address to <see cref="AccountVersions"/>: open addressing over a power-of-two array,
/// read without locks. An entry is added once, by a caller holding that address's stripe lock (so no address is added
/// twice), and published with one compare-and-swap into a free slot. It replaced a <c>ConcurrentDictionary</c> whose
/// node allocation, per-bucket locks and shared counts made the first touch of an account, which every transaction of a
/// transfer block pays twice, contend between workers. Past three quarters full, further entries go to an overflow
/// dictionary, so any number of accounts fits. Callers serialise additions per stripe of addresses (<see cref="StripeOf"/>).
/// </summary>
internal sealed class AccountTable
{
    private readonly AccountVersions?[] _slots;
    private readonly int _shift;
    private readonly int _limitPerStripe;
    // Entries added per stripe of the caller's locks, a cache line apart: counted under that stripe's lock, so no
    // counter is shared between workers (one was, and every new account moved its line between cores).
    private readonly int[] _addedPerStripe;
    private const int CounterStride = 16;
    private readonly ConcurrentDictionary<Address, AccountVersions> _overflow = new();
    private volatile bool _overflowUsed;

    /// <param name="expected">Accounts the block is expected to touch; the table has room for 1.5 times as many before it overflows.</param>
    public AccountTable(int expected)
    {
        int bits = Math.Max(6, 64 - (int)ulong.LeadingZeroCount((ulong)Math.Max(1, expected) * 2 - 1));
        _slots = new AccountVersions?[1 << bits];
        _shift = 32 - bits;
        _limitPerStripe = _slots.Length / 4 * 3 / Stripes;
        _addedPerStripe = new int[Stripes * CounterStride];
    }

    /// <summary>How many stripe locks the callers use (an address's stripe is <see cref="StripeOf"/>).</summary>
    public const int Stripes = 1 << StripeBits;
    private const int StripeBits = 6;

    /// <summary>
    /// The top bits of the address's hash times the golden ratio: an address's hash is its last four bytes, and its low
    /// bits alone put every address of a sequential range (0x...5000_0000_0000 + i: test and vanity accounts) on one
    /// stripe, which then overflowed and serialised all their first touches on one lock.
    /// </summary>
    public static int StripeOf(in Address address) => (int)((uint)address.GetHashCode() * 2654435769u >> (32 - StripeBits));

    /// <summary>The address's record, or null while none was added (or, without the address's stripe lock, not yet visible).</summary>
    public AccountVersions? Find(in Address address)
    {
        int mask = _slots.Length - 1;
        for (int i = SlotOf(address); ; i = (i + 1) & mask)
        {
            AccountVersions? account = Volatile.Read(ref _slots[i]);
            if (account is null) break;
            if (account.Address.Equals(address)) return account;
        }
        return _overflowUsed && _overflow.TryGetValue(address, out AccountVersions? spilled) ? spilled : null;
    }

    /// <summary>Adds a record whose address <see cref="Find"/> did not find; the caller holds that address's stripe lock (<see cref="StripeOf"/>).</summary>
    public void Add(AccountVersions account)
    {
        // Each stripe may fill its share of three quarters of the table, so the table never fills and probes end.
        if (++_addedPerStripe[StripeOf(account.Address) * CounterStride] > _limitPerStripe)
        {
            _overflow[account.Address] = account;
            _overflowUsed = true;
            return;
        }
        int mask = _slots.Length - 1;
        for (int i = SlotOf(account.Address); ; i = (i + 1) & mask)
            if (Interlocked.CompareExchange(ref _slots[i], account, null) is null) return;
    }

    // Fibonacci hashing of the address's own hash (its last four bytes): the top bits of the product pick the slot.
    private int SlotOf(in Address address) => (int)((uint)address.GetHashCode() * 2654435769u >> _shift);
}
