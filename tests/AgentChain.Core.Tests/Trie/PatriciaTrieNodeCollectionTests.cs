using AgentChain.Core.Crypto;
using AgentChain.Core.Rlp;
using AgentChain.Core.Trie;
using AgentChain.Core.Types;

namespace AgentChain.Core.Tests.Trie;

/// <summary>CollectNewNodes: what a node store must hold, handed over once, and after an update only the changed path.</summary>
public sealed class PatriciaTrieNodeCollectionTests
{
    private static byte[] Key(int i) => Keccak256.Hash(BitConverter.GetBytes(i)).Bytes.ToArray();

    [Fact]
    public void CollectsTheRootAndEveryHashedNodeOnceThenOnlyTheChangedPath()
    {
        var trie = new PatriciaTrie();
        for (int i = 0; i < 500; i++) trie.Set(Key(i), Keccak256.Hash(Key(i)).Bytes);
        var store = new Dictionary<Hash256, byte[]>();
        trie.CollectNewNodes((hash, rlp) => store[hash] = rlp);
        Assert.Contains(trie.RootHash, store.Keys);
        Assert.All(store, pair => Assert.Equal(pair.Key, Keccak256.Hash(pair.Value)));
        // Every hash a stored node refers to is stored too: the trie resolves from its root alone.
        foreach (byte[] rlp in store.Values)
            foreach (Hash256 child in ReferencedHashes(rlp)) Assert.True(store.ContainsKey(child), $"missing child {child}");

        int before = store.Count;
        var again = new List<Hash256>();
        trie.CollectNewNodes((hash, _) => again.Add(hash));
        Assert.Empty(again); // nothing changed, nothing handed over twice

        trie.Set(Key(7), [1, 2, 3]);
        var changed = new List<Hash256>();
        trie.CollectNewNodes((hash, rlp) => { changed.Add(hash); store[hash] = rlp; });
        Assert.InRange(changed.Count, 2, 6); // root to leaf, about log16(500) + 1 nodes
        Assert.Contains(trie.RootHash, changed);
        Assert.True(store.Count > before);
    }

    private static IEnumerable<Hash256> ReferencedHashes(byte[] rlp)
    {
        var items = RlpDecodeList(rlp);
        // A leaf's or extension's second item is a value or a child; a 32-byte child of an extension is a hash.
        // Over-approximating (a 32-byte leaf value is taken for a hash too) would fail the test, so only branch
        // children and extension children are checked.
        if (items.Count == 17)
        {
            for (int i = 0; i < 16; i++) if (items[i].Length == 32) yield return new Hash256(items[i]);
        }
        else if (items.Count == 2 && (items[0][0] >> 4) is 0 or 1 && items[1].Length == 32)
        {
            yield return new Hash256(items[1]);
        }
    }

    private static List<byte[]> RlpDecodeList(byte[] rlp)
    {
        var outer = new RlpReader(rlp);
        RlpReader list = outer.ReadList();
        var items = new List<byte[]>();
        while (list.HasMore) items.Add(list.PeekIsList ? list.ReadEncodedItem().ToArray() : list.ReadBytes().ToArray());
        return items;
    }
}
