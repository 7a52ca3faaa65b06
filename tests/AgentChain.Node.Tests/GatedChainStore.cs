using AgentChain.Core.Types;
using AgentChain.Node.Chain;
using AgentChain.Node.Storage;
using AgentChain.State;

namespace AgentChain.Node.Tests;

/// <summary>
/// The real SQLite store with a gate in front of block writes, so a test can hold a block between execution and
/// durability and look at what clients see meanwhile. Every other call goes straight through.
/// </summary>
internal sealed class GatedChainStore(string path) : IChainStore
{
    private readonly SqliteChainStore _inner = new(path);
    private readonly SemaphoreSlim _gate = new(0);

    /// <summary>While true, each block write waits for one <see cref="Release"/>.</summary>
    public volatile bool Closed;

    /// <summary>When set, the gate is after the write instead of before it: the block is durable but the call has not returned.</summary>
    public volatile bool HoldAfterWrite;

    /// <summary>Block writes that have started waiting at the gate.</summary>
    public int Waiting;

    public void Release(int blocks = 1) => _gate.Release(blocks);

    public ulong? HeadNumber => _inner.HeadNumber;

    public void CommitBlock(Block block, IReadOnlyList<Receipt> receipts, StateChangeSet changes)
    {
        bool after = HoldAfterWrite;
        if (after) _inner.CommitBlock(block, receipts, changes);
        if (Closed)
        {
            Interlocked.Increment(ref Waiting);
            if (!_gate.Wait(TimeSpan.FromSeconds(30))) throw new TimeoutException($"the test never released block {block.Number}'s write");
        }
        if (!after) _inner.CommitBlock(block, receipts, changes);
    }

    public void CommitState(StateChangeSet changes, Hash256 stateRoot) => _inner.CommitState(changes, stateRoot);
    public Hash256? StateRoot => _inner.StateRoot;
    public void Rewind(ulong number, StateChangeSet restore, Hash256 stateRoot) => _inner.Rewind(number, restore, stateRoot);
    public Block? GetBlock(ulong number) => _inner.GetBlock(number);
    public Block? GetBlock(in Hash256 hash) => _inner.GetBlock(hash);
    public IReadOnlyList<Receipt> GetReceipts(ulong blockNumber) => _inner.GetReceipts(blockNumber);
    public Receipt? GetReceipt(in Hash256 transactionHash) => _inner.GetReceipt(transactionHash);
    public IReadOnlyList<StoredLog> GetLogs(LogFilter filter, int limit) => _inner.GetLogs(filter, limit);
    public byte[]? GetTrieNode(in Hash256 hash) => _inner.GetTrieNode(hash);
    public void LoadState(IStateWriter target) => _inner.LoadState(target);
    public string? GetMeta(string key) => _inner.GetMeta(key);
    public void SetMeta(string key, string value) => _inner.SetMeta(key, value);

    public void Dispose()
    {
        _inner.Dispose();
        _gate.Dispose();
    }
}
