using AgentChain.Core.Types;
using AgentChain.Node.Chain;

namespace AgentChain.Node.Storage;

/// <summary>
/// The receipts of the newest committed blocks, decoded and indexed by transaction hash. Clients poll
/// <c>eth_getTransactionReceipt</c> for what they just sent (ethers' <c>wait()</c>), so nearly every lookup is for a
/// recent block; without this each one read and decoded the block's whole receipts row (a megabyte at a few
/// thousand transactions) to return one receipt. Bounded by a total receipt count; thread-safe.
/// </summary>
internal sealed class RecentReceipts(int maxReceipts = RecentReceipts.DefaultMaxReceipts)
{
    public const int DefaultMaxReceipts = 1 << 16;

    private readonly Lock _lock = new();
    private readonly SortedDictionary<ulong, IReadOnlyList<Receipt>> _blocks = [];
    private readonly Dictionary<Hash256, Receipt> _byHash = [];
    private int _count;

    /// <summary>Adds a block that was just committed (after any block it replaces was removed by <see cref="RemoveAbove"/>).</summary>
    public void Add(ulong number, IReadOnlyList<Receipt> receipts)
    {
        lock (_lock)
        {
            RemoveBlock(number);
            _blocks[number] = receipts;
            foreach (Receipt receipt in receipts) _byHash[receipt.TransactionHash] = receipt;
            _count += receipts.Count;
            // Oldest first, but always keep the newest block, however large.
            while (_count > maxReceipts && _blocks.Count > 1) RemoveBlock(_blocks.Keys.First());
        }
    }

    /// <summary>Forgets blocks above <paramref name="number"/> (a rewind).</summary>
    public void RemoveAbove(ulong number)
    {
        lock (_lock)
        {
            foreach (ulong above in _blocks.Keys.Where(n => n > number).ToList()) RemoveBlock(above);
        }
    }

    public IReadOnlyList<Receipt>? Block(ulong number)
    {
        lock (_lock) return _blocks.GetValueOrDefault(number);
    }

    public Receipt? Find(in Hash256 transactionHash)
    {
        lock (_lock) return _byHash.GetValueOrDefault(transactionHash);
    }

    private void RemoveBlock(ulong number)
    {
        if (!_blocks.Remove(number, out IReadOnlyList<Receipt>? receipts)) return;
        foreach (Receipt receipt in receipts) _byHash.Remove(receipt.TransactionHash);
        _count -= receipts.Count;
    }
}
