using AgentChain.Core.Transactions;
using AgentChain.Core.Types;

namespace AgentChain.Node.Chain;

/// <summary>A sealed block: header, its transactions in order (with their recovered senders) and the encoded size.</summary>
public sealed class Block
{
    private IReadOnlyList<byte[]>? _encoded;
    private ulong? _size;

    public required BlockHeader Header { get; init; }
    public required IReadOnlyList<Transaction> Transactions { get; init; }
    public required IReadOnlyList<Address> Senders { get; init; }

    /// <summary>
    /// The canonical encoding of each transaction, in order. A produced block carries the bytes its transactions
    /// arrived as (the decoder accepts only the canonical form, so they are the encoding), which the transactions
    /// root, the store and <see cref="Size"/> use instead of encoding every transaction again; otherwise encoded on
    /// first use.
    /// </summary>
    public IReadOnlyList<byte[]> EncodedTransactions
    {
        get => _encoded ??= [.. Transactions.Select(t => t.Encode())];
        init => _encoded = value;
    }

    public Hash256 Hash => Header.Hash;
    public ulong Number => Header.Number;

    /// <summary>RLP size of [header, txs, ommers, withdrawals], approximated from the parts (computed once).</summary>
    public ulong Size
    {
        get
        {
            if (_size is { } known) return known;
            ulong size = (ulong)Header.Encode().Length + 8;
            foreach (byte[] tx in EncodedTransactions) size += (ulong)tx.Length + 3;
            _size = size;
            return size;
        }
    }
}
