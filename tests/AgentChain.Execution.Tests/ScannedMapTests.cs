using AgentChain.Execution.Parallel;

namespace AgentChain.Execution.Tests;

/// <summary>The per-incarnation map of the Block-STM view and write capture: a scan for a few entries, an index past that.</summary>
public class ScannedMapTests
{
    [Fact]
    public void Every_entry_is_found_at_its_position_before_and_after_the_index_takes_over_and_after_a_clear()
    {
        var map = new ScannedMap<int, string>();
        for (int round = 0; round < 2; round++)
        {
            for (int key = 0; key < 20; key++)
            {
                map.Add(key * 7, $"v{key}");
                for (int k = 0; k <= key; k++)
                {
                    Assert.Equal(k, map.IndexOf(k * 7));
                    Assert.True(map.TryGetValue(k * 7, out string? value));
                    Assert.Equal($"v{k}", value);
                }
                Assert.Equal(-1, map.IndexOf(1));
                Assert.False(map.TryGetValue(1, out _));
            }
            Assert.Equal(20, map.Count);
            Assert.Equal(Enumerable.Range(0, 20).Select(k => k * 7), map.Entries.ToArray().Select(e => e.Key));
            map.Clear();
            Assert.Equal(0, map.Count);
            Assert.Equal(-1, map.IndexOf(0));
        }
    }
}
