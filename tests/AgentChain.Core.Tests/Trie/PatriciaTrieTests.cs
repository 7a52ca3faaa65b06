using AgentChain.Core.Trie;
using AgentChain.Core.Types;

namespace AgentChain.Core.Tests.Trie;

public class PatriciaTrieTests
{
    [Fact]
    public void EmptyTrieHasTheEmptyRoot()
    {
        var trie = new PatriciaTrie();
        Assert.Equal(Hash256.EmptyTrieRoot, trie.RootHash);
        trie.Set([1, 2, 3], [9]);
        trie.Delete([1, 2, 3]);
        Assert.Equal(Hash256.EmptyTrieRoot, trie.RootHash);
        Assert.Equal(0, trie.Count);
    }

    /// <summary>
    /// The root depends only on the final contents: any order of inserts, updates and deletes that ends
    /// with the same map gives the same root as building that map from scratch, and Get agrees with the map.
    /// </summary>
    [Fact]
    public void RandomOperationsMatchAFreshBuildOfTheFinalMap()
    {
        const int seed = 424242;
        var random = new Random(seed);
        for (int round = 0; round < 300; round++)
        {
            var trie = new PatriciaTrie();
            var model = new Dictionary<string, byte[]>();
            int keySpace = random.Next(1, 60);
            int operations = random.Next(1, 200);
            for (int op = 0; op < operations; op++)
            {
                // Short keys from a small alphabet force shared prefixes, branch values and collapses.
                byte[] key = RandomKey(random, keySpace);
                string id = Convert.ToHexString(key);
                if (random.Next(4) == 0)
                {
                    Assert.Equal(model.Remove(id), trie.Delete(key));
                }
                else
                {
                    byte[] value = new byte[random.Next(1, random.Next(2) == 0 ? 4 : 70)];
                    random.NextBytes(value);
                    trie.Set(key, value);
                    model[id] = value;
                }
                if (op % 17 == 0) _ = trie.RootHash; // exercise cache invalidation mid-sequence
            }
            Assert.Equal(model.Count, trie.Count);
            var fresh = new PatriciaTrie();
            foreach (var (id, value) in model.OrderBy(_ => random.Next())) fresh.Set(Convert.FromHexString(id), value);
            Assert.True(fresh.RootHash == trie.RootHash, $"root mismatch in round {round} (seed {seed})");
            foreach (var (id, value) in model) Assert.Equal(value, trie.Get(Convert.FromHexString(id)));
            Assert.Equal(model.Keys.Order(StringComparer.Ordinal), trie.Entries().Select(e => Convert.ToHexString(e.Key)));
        }
    }

    private static byte[] RandomKey(Random random, int keySpace)
    {
        int n = random.Next(keySpace);
        int length = n % 4;
        var key = new byte[length];
        for (int i = 0; i < length; i++) key[i] = (byte)((n * 31 + i * 7) % 3 * 0x11 + (i == length - 1 ? n % 2 : 0));
        return key;
    }
}
