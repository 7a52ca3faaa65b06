using AgentChain.Core.Numerics;
using AgentChain.Core.Types;
using AgentChain.Evm.Handler;
using SignedTransaction = AgentChain.Core.Transactions.Transaction;

namespace AgentChain.Execution;

/// <summary>From the wire transaction (Core) plus its recovered sender to the EVM's execution view.</summary>
public static class TransactionConversion
{
    public static Transaction ToExecution(SignedTransaction tx, Address sender) => new()
    {
        Type = (byte)tx.Type,
        Sender = sender,
        To = tx.To,
        Nonce = tx.Nonce,
        GasLimit = tx.GasLimit,
        Value = tx.Value,
        Data = tx.Data.ToArray(),
        GasPrice = tx.GasPrice,
        MaxFeePerGas = tx.MaxFeePerGas,
        MaxPriorityFeePerGas = tx.MaxPriorityFeePerGas,
        AccessList = tx.AccessList.Select(item => new AccessListEntry(item.Address, item.StorageKeys.Select(k => UInt256.FromBigEndian(k.Bytes)).ToArray())).ToArray(),
        BlobVersionedHashes = tx.BlobVersionedHashes.ToArray(),
        MaxFeePerBlobGas = tx.MaxFeePerBlobGas,
    };
}
