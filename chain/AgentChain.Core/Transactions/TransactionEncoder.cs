using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Rlp;

namespace AgentChain.Core.Transactions;

/// <summary>
/// Canonical encodings of transactions, signed (the network and block form) and for signing.
/// Field orders: legacy [nonce, gasPrice, gas, to, value, data, v, r, s] (signed over the first six, plus
/// [chainId, 0, 0] under EIP-155); EIP-2930 [chainId, nonce, gasPrice, gas, to, value, data, accessList, y, r, s];
/// EIP-1559 [chainId, nonce, maxPriorityFee, maxFee, gas, to, value, data, accessList, y, r, s]; EIP-4844 as
/// EIP-1559 with [maxFeePerBlobGas, blobVersionedHashes] before y, r, s. Typed payloads are prefixed by the type byte.
/// </summary>
public static class TransactionEncoder
{
    /// <summary>The signed transaction's canonical bytes.</summary>
    public static byte[] Encode(Transaction transaction)
    {
        Secp256k1Signature signature = transaction.Signature
            ?? throw new InvalidOperationException("an unsigned transaction has no canonical encoding; sign it or use EncodeForSigning");
        var writer = new RlpWriter(EstimateSize(transaction));
        if (transaction.Type != TransactionType.Legacy) writer.WriteEncoded([(byte)transaction.Type]);
        int list = writer.BeginList();
        WriteUnsignedFields(writer, transaction);
        writer.WriteUInt256(transaction.V);
        writer.WriteUInt256(signature.R);
        writer.WriteUInt256(signature.S);
        writer.EndList(list);
        return writer.ToArray();
    }

    /// <summary>The bytes whose Keccak-256 is signed.</summary>
    public static byte[] EncodeForSigning(Transaction transaction)
    {
        var writer = new RlpWriter(EstimateSize(transaction));
        if (transaction.Type != TransactionType.Legacy) writer.WriteEncoded([(byte)transaction.Type]);
        int list = writer.BeginList();
        WriteUnsignedFields(writer, transaction);
        if (transaction.Type == TransactionType.Legacy && transaction.ChainId is { } chainId)
        {
            // EIP-155: the chain id and two empty fields stand where v, r, s will be.
            writer.WriteUInt64(chainId);
            writer.WriteUInt64(0);
            writer.WriteUInt64(0);
        }
        writer.EndList(list);
        return writer.ToArray();
    }

    private static void WriteUnsignedFields(RlpWriter writer, Transaction tx)
    {
        if (tx.Type == TransactionType.Legacy)
        {
            writer.WriteUInt64(tx.Nonce);
            writer.WriteUInt256(tx.GasPrice);
            writer.WriteUInt64(tx.GasLimit);
            WriteTo(writer, tx);
            writer.WriteUInt256(tx.Value);
            writer.WriteBytes(tx.Data.Span);
            return;
        }
        ulong chainId = tx.ChainId ?? throw new InvalidOperationException($"a type {(byte)tx.Type} transaction needs a chain id");
        writer.WriteUInt64(chainId);
        writer.WriteUInt64(tx.Nonce);
        if (tx.Type == TransactionType.AccessList)
        {
            writer.WriteUInt256(tx.GasPrice);
        }
        else
        {
            writer.WriteUInt256(tx.MaxPriorityFeePerGas);
            writer.WriteUInt256(tx.MaxFeePerGas);
        }
        writer.WriteUInt64(tx.GasLimit);
        WriteTo(writer, tx);
        writer.WriteUInt256(tx.Value);
        writer.WriteBytes(tx.Data.Span);
        WriteAccessList(writer, tx.AccessList);
        if (tx.Type == TransactionType.Blob)
        {
            writer.WriteUInt256(tx.MaxFeePerBlobGas);
            int hashes = writer.BeginList();
            foreach (var hash in tx.BlobVersionedHashes) writer.WriteHash(hash);
            writer.EndList(hashes);
        }
    }

    private static void WriteTo(RlpWriter writer, Transaction tx)
    {
        if (tx.To is { } to) writer.WriteAddress(to);
        else writer.WriteBytes([]);
    }

    private static void WriteAccessList(RlpWriter writer, IReadOnlyList<AccessListItem> accessList)
    {
        int list = writer.BeginList();
        foreach (AccessListItem item in accessList)
        {
            int entry = writer.BeginList();
            writer.WriteAddress(item.Address);
            int keys = writer.BeginList();
            foreach (var key in item.StorageKeys) writer.WriteHash(key);
            writer.EndList(keys);
            writer.EndList(entry);
        }
        writer.EndList(list);
    }

    private static int EstimateSize(Transaction tx)
    {
        int accessList = 0;
        foreach (AccessListItem item in tx.AccessList) accessList += 25 + 33 * item.StorageKeys.Count;
        return 200 + tx.Data.Length + accessList + 33 * tx.BlobVersionedHashes.Count;
    }
}
