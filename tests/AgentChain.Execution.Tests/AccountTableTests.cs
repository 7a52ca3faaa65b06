using AgentChain.Core.Types;
using AgentChain.Execution.Parallel;

namespace AgentChain.Execution.Tests;

/// <summary>Multi-version memory's account table: one record per address, found again, whether in the table or its overflow.</summary>
public class AccountTableTests
{
    [Theory]
    [InlineData(64, 10_000)] // far past three quarters of the table: most entries overflow
    [InlineData(20_000, 10_000)]
    public void Every_address_added_from_two_threads_is_found_as_the_same_record(int expected, int count)
    {
        var table = new AccountTable(expected);
        var stripes = Enumerable.Range(0, AccountTable.Stripes).Select(_ => new object()).ToArray();
        // A sequential range (only the low bytes differ) and hash-like addresses.
        Address[] addresses = Enumerable.Range(0, count)
            .Select(i => i % 2 == 0 ? Address.Parse($"0x{0x5000_0000_0000UL + (ulong)i:x40}") : new Address(AgentChain.Core.Crypto.Keccak256.Hash(BitConverter.GetBytes(i)).Bytes[12..]))
            .ToArray();
        AccountVersions GetOrAdd(Address address)
        {
            if (table.Find(address) is { } found) return found;
            lock (stripes[AccountTable.StripeOf(address)])
            {
                if (table.Find(address) is { } added) return added;
                var created = new AccountVersions(address, null);
                table.Add(created);
                return created;
            }
        }
        var first = new AccountVersions[count];
        var second = new AccountVersions[count];
        System.Threading.Tasks.Parallel.Invoke(
            () => { for (int i = 0; i < count; i++) first[i] = GetOrAdd(addresses[i]); },
            () => { for (int i = count - 1; i >= 0; i--) second[i] = GetOrAdd(addresses[i]); });

        for (int i = 0; i < count; i++)
        {
            Assert.Same(first[i], second[i]);
            Assert.Equal(addresses[i], first[i].Address);
            Assert.Same(first[i], table.Find(addresses[i]));
        }
        Assert.Null(table.Find(Address.Parse("0x00000000000000000000000000000000deadbeef")));
    }

    [Fact]
    public void Sequential_addresses_spread_over_the_stripes()
    {
        int[] perStripe = new int[AccountTable.Stripes];
        for (int i = 0; i < 6_400; i++) perStripe[AccountTable.StripeOf(Address.Parse($"0x{0x5000_0000_0000UL + (ulong)i:x40}"))]++;
        Assert.True(perStripe.Max() < 3 * 100, $"busiest stripe holds {perStripe.Max()} of 6,400 (100 on average)");
    }
}
