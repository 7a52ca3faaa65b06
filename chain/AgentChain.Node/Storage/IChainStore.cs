using AgentChain.Core.Types;
using AgentChain.Node.Chain;
using AgentChain.State;

namespace AgentChain.Node.Storage;

/// <summary>
/// Durable chain data: blocks, receipts (with where each transaction's is), a log index, the flat account/storage state and the state-trie nodes. Every write is one
/// atomic transaction, so after a crash the store holds exactly the blocks that were committed, each with its
/// receipts and the state after it. SQLite implements it today; another engine (RocksDB) can replace it.
/// </summary>
public interface IChainStore : IDisposable
{
    /// <summary>The number of the newest committed block, or null for an empty store.</summary>
    ulong? HeadNumber { get; }

    /// <summary>Writes a block, its receipts and its state changes in one atomic transaction.</summary>
    void CommitBlock(Block block, IReadOnlyList<Receipt> receipts, StateChangeSet changes);

    /// <summary>Writes state changes made outside a block (dev methods) atomically, with the state root they lead to.</summary>
    void CommitState(StateChangeSet changes, Hash256 stateRoot);

    /// <summary>The root of the stored flat state: the head block's, or the one after later dev-method changes.</summary>
    Hash256? StateRoot { get; }

    /// <summary>Deletes every block above <paramref name="number"/> with its receipts and logs, and applies <paramref name="restore"/> to the state, atomically (evm_revert).</summary>
    void Rewind(ulong number, StateChangeSet restore, Hash256 stateRoot);

    Block? GetBlock(ulong number);
    Block? GetBlock(in Hash256 hash);
    IReadOnlyList<Receipt> GetReceipts(ulong blockNumber);
    Receipt? GetReceipt(in Hash256 transactionHash);
    IReadOnlyList<StoredLog> GetLogs(LogFilter filter, int limit);

    /// <summary>A state-trie node by its Keccak-256 (written with the change sets' <see cref="StateChangeSet.TrieNodes"/>), or null.</summary>
    byte[]? GetTrieNode(in Hash256 hash);

    /// <summary>Replays the whole flat state into <paramref name="target"/> (start-up).</summary>
    void LoadState(IStateWriter target);

    /// <summary>
    /// Where the last <see cref="CommitBlock"/> spent its time, for <c>AGENTCHAIN_NODE_TIMING</c> (diagnostics only);
    /// null when the engine does not measure it.
    /// </summary>
    string? LastBlockWriteTiming => null;

    string? GetMeta(string key);
    void SetMeta(string key, string value);
}
