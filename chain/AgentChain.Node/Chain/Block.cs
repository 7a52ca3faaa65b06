using AgentChain.Core.Transactions;
using AgentChain.Core.Types;

namespace AgentChain.Node.Chain;

/// <summary>A sealed block: header, its transactions in order (with their recovered senders) and the encoded size.</summary>
public sealed class Block
{
    public required BlockHeader Header { get; init; }
    public required IReadOnlyList<Transaction> Transactions { get; init; }
    public required IReadOnlyList<Address> Senders { get; init; }

    public Hash256 Hash => Header.Hash;
    public ulong Number => Header.Number;

    /// <summary>RLP size of [header, txs, ommers, withdrawals], approximated from the parts.</summary>
    public ulong Size
    {
        get
        {
            ulong size = (ulong)Header.Encode().Length + 8;
            foreach (Transaction tx in Transactions) size += (ulong)tx.Encode().Length + 3;
            return size;
        }
    }
}
