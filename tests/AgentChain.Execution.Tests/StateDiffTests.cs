using AgentChain.Core.Types;
using AgentChain.Execution;
using AgentChain.State;

namespace AgentChain.Execution.Tests;

/// <summary>The diff's order (by address) is the same however it is sorted: on one thread, or in parts on a block's workers.</summary>
public class StateDiffTests
{
    private static AccountChange[] RandomChanges(int count, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[Address.Length];
        var seen = new HashSet<Address>();
        var changes = new List<AccountChange>();
        while (changes.Count < count)
        {
            random.NextBytes(bytes);
            // Shared prefixes make the later key words decide the order too.
            if (changes.Count % 3 == 0) Array.Clear(bytes, 0, 8 + random.Next(9));
            var address = new Address(bytes);
            if (seen.Add(address)) changes.Add(new AccountChange(address, false, null, null, new Dictionary<AgentChain.Core.Numerics.UInt256, AgentChain.Core.Numerics.UInt256>()));
        }
        return [.. changes];
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 5_000)]
    [InlineData(3, 20_000)]
    [InlineData(4, 4_099)]
    public void Sorting_on_workers_gives_the_address_order_of_the_single_thread_sort(int workers, int count)
    {
        AccountChange[] changes = RandomChanges(count, seed: workers * 7919 + count);
        var single = new StateDiff(changes);
        StateDiff parallel = StateDiff.SortOnWorkers(changes, new BlockWorkerPool(workers));

        Assert.Equal(single.Accounts.Select(c => c.Address), parallel.Accounts.Select(c => c.Address));
        for (int i = 1; i < single.Accounts.Count; i++)
            Assert.True(single.Accounts[i - 1].Address.CompareTo(single.Accounts[i].Address) < 0, $"entries {i - 1} and {i} out of order");
    }
}
