using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Rlp;
using AgentChain.Core.Types;
using AgentChain.Node.Chain;
using AgentChain.Node.Storage;
using AgentChain.Node.Threading;
using AgentChain.State;

namespace AgentChain.Node.Tests;

/// <summary>
/// The incremental state root matches a root computed from scratch; every block's trie nodes reach the store in its
/// write, so eth_getProof can walk them at the head and at older blocks, and old data directories get them once.
/// </summary>
public sealed class StateTrieTests : IDisposable
{
    private readonly string _dir = TestChain.TempDirectory();
    private string DbPath => Path.Combine(_dir, "chain.sqlite");

    [Fact]
    public void IncrementalRootEqualsTheRootRebuiltFromScratchUnderRandomChanges()
    {
        var random = new Random(5);
        var live = new LiveState();
        var reference = new InMemoryState();
        Address[] addresses = [.. Enumerable.Range(1, 40).Select(i => new Address(Keccak256.Hash(BitConverter.GetBytes(i)).Bytes[..20].ToArray()))];
        for (int round = 0; round < 60; round++)
        {
            var changes = new StateChangeSet();
            IStateWriter writer = live.Writer(changes);
            for (int op = 0; op < 25; op++)
            {
                Address a = addresses[random.Next(addresses.Length)];
                bool exists = live.GetFlatAccount(a) is not null;
                switch (random.Next(10))
                {
                    case < 4:
                        var (nonce, balance) = ((ulong)random.Next(5), new UInt256((ulong)random.Next(1000)));
                        writer.SetAccount(a, nonce, balance, Hash256.EmptyKeccak, null);
                        reference.SetAccount(a, nonce, balance, Hash256.EmptyKeccak, null);
                        break;
                    case < 8 when exists:
                        var (slot, value) = (new UInt256((ulong)random.Next(30)), new UInt256((ulong)random.Next(3))); // zero deletes
                        writer.SetStorage(a, slot, value);
                        reference.SetStorage(a, slot, value);
                        break;
                    case 8 when exists:
                        writer.ClearStorage(a);
                        reference.ClearStorage(a);
                        break;
                    case 9 when exists:
                        writer.DeleteAccount(a);
                        reference.DeleteAccount(a);
                        break;
                }
            }
            Assert.Equal(reference.ComputeStateRoot(), live.ComputeStateRoot(round % 2 == 0 ? changes : null));
        }
    }

    [Fact]
    public void ProofsAtTheHeadAndAtOlderBlocksWalkTheStoredNodes()
    {
        using var chain = new LocalChain(new ChainOptions(), new SqliteChainStore(DbPath));
        Address contract = Address.Parse("0x0000000000000000000000000000000000005000");
        chain.SetCode(contract, [0x60, 0x00, 0x54, 0x60, 0x01, 0x01, 0x60, 0x00, 0x55, 0x00]); // slot0 += 1
        Address sender = TestChain.Accounts[0].Address;
        chain.SubmitRawTransaction(TestChain.Transfer(TestChain.Accounts[0], 0, contract, gas: 100_000).Encode());
        Block first = LargeStack.Run(() => chain.ProduceBlock(force: true))!;
        chain.SubmitRawTransaction(TestChain.Transfer(TestChain.Accounts[0], 1, contract, gas: 100_000).Encode());
        Block second = LargeStack.Run(() => chain.ProduceBlock(force: true))!;

        AccountProof head = chain.GetProof(contract, [UInt256.Zero, UInt256.One]);
        Assert.Equal(new UInt256(2UL), head.StorageProofs[0].Value);
        Assert.Equal(UInt256.Zero, head.StorageProofs[1].Value); // absent slot: proof of absence
        VerifyPath(second.Header.StateRoot, head.Proof, Keccak256.Hash(contract.Bytes));
        VerifyPath(head.StorageRoot, head.StorageProofs[0].Proof, Keccak256.Hash(UInt256.Zero.ToBigEndian()));
        Assert.Equal(Keccak256.Hash(chain.GetCode(contract)), head.CodeHash);

        AccountProof older = chain.GetProof(contract, [UInt256.Zero], first.Number);
        Assert.Equal(UInt256.One, older.StorageProofs[0].Value);
        VerifyPath(first.Header.StateRoot, older.Proof, Keccak256.Hash(contract.Bytes));

        AccountProof eoa = chain.GetProof(sender, []);
        Assert.Equal(2UL, eoa.Nonce);
        Assert.Equal(chain.GetAccount(sender)!.Value.Balance, eoa.Balance);
        Assert.Equal(Hash256.EmptyTrieRoot, eoa.StorageRoot);
    }

    [Fact]
    public void ADataDirectoryWithoutTrieNodesGetsThemOnceAtStartUp()
    {
        Hash256 root;
        using (var chain = new LocalChain(new ChainOptions(), new SqliteChainStore(DbPath)))
        {
            chain.SubmitRawTransaction(TestChain.Transfer(TestChain.Accounts[1], 0, Address.Parse("0x000000000000000000000000000000000000beef"), 5).Encode());
            root = LargeStack.Run(() => chain.ProduceBlock(force: true))!.Header.StateRoot;
        }
        using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            db.Open();
            using var wipe = db.CreateCommand();
            wipe.CommandText = "DELETE FROM trie_nodes";
            wipe.ExecuteNonQuery();
        }
        using var store = new SqliteChainStore(DbPath);
        Assert.Null(store.GetTrieNode(root));
        using var reopened = new LocalChain(new ChainOptions(), store);
        Assert.NotNull(store.GetTrieNode(root));
        Assert.Equal(new UInt256(5UL), reopened.GetProof(Address.Parse("0x000000000000000000000000000000000000beef"), []).Balance);
    }

    /// <summary>Each node's hash is the root or is referenced by the node before it (inline children excepted).</summary>
    private static void VerifyPath(Hash256 root, IReadOnlyList<byte[]> proof, Hash256 key)
    {
        Assert.NotEmpty(proof);
        Assert.Equal(root, Keccak256.Hash(proof[0]));
        for (int i = 1; i < proof.Count; i++)
        {
            byte[] hash = Keccak256.Hash(proof[i]).Bytes.ToArray();
            Assert.True(proof[i - 1].AsSpan().IndexOf(hash) >= 0, $"proof node {i} is not referenced by node {i - 1} (key {key})");
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
