using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Rlp;
using AgentChain.Core.Types;

namespace AgentChain.Core.Transactions;

/// <summary>
/// Reads a transaction from its canonical encoding (see <see cref="TransactionEncoder"/> for field orders), strictly:
/// non-canonical RLP, trailing bytes, too few or too many fields, integers wider than their field and unsupported
/// types are all rejected. Throws <see cref="RlpException"/> for malformed RLP and
/// <see cref="InvalidTransactionException"/> for a shape the protocol does not allow; protocol rules that do not
/// concern the encoding (chain id, low s, fees, gas) are <see cref="TransactionValidator"/>'s.
/// </summary>
public static class TransactionDecoder
{
    public static Transaction Decode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.IsEmpty) throw new InvalidTransactionException("empty input is not a transaction");
        byte first = encoded[0];
        if (first >= 0xC0) return DecodeLegacy(encoded);
        if (first >= 0x80)
        {
            throw new InvalidTransactionException(
                $"a transaction is an RLP list (legacy) or a type byte 0x01–0x7f followed by its payload; got an RLP byte string (0x{first:x2})");
        }
        var type = (TransactionType)first;
        if (type is not (TransactionType.AccessList or TransactionType.DynamicFee or TransactionType.Blob))
            throw new InvalidTransactionException($"transaction type 0x{first:x2} is not supported (Cancun accepts legacy and types 0x01, 0x02, 0x03)");
        return DecodeTyped(type, encoded[1..]);
    }

    private static Transaction DecodeLegacy(ReadOnlySpan<byte> encoded)
    {
        var outer = new RlpReader(encoded);
        RlpReader fields = outer.ReadList();
        outer.EnsureEnd();
        RequireFieldCount(fields, 9, null);
        ulong nonce = fields.ReadUInt64();
        UInt256 gasPrice = fields.ReadUInt256();
        ulong gasLimit = fields.ReadUInt64();
        Address? to = ReadTo(ref fields);
        UInt256 value = fields.ReadUInt256();
        byte[] data = fields.ReadBytes().ToArray();
        UInt256 v = fields.ReadUInt256();
        UInt256 r = fields.ReadUInt256();
        UInt256 s = fields.ReadUInt256();

        ulong? chainId;
        int recoveryId;
        if (v == 27 || v == 28)
        {
            chainId = null;
            recoveryId = (int)((ulong)v - 27);
        }
        else if (v >= 35)
        {
            // EIP-155: v = 2·chainId + 35 + y parity.
            var chain = (v.ToBigInteger() - 35) >> 1;
            if (chain > ulong.MaxValue)
                throw new InvalidTransactionException($"EIP-155 v {v} encodes a chain id above 2^64 − 1, which no chain uses");
            chainId = (ulong)chain;
            recoveryId = (int)((v.U0 - 35) & 1);
        }
        else
        {
            throw new InvalidTransactionException($"invalid legacy v {v}: expected 27 or 28, or 2·chainId + 35/36 (EIP-155)");
        }

        return new Transaction
        {
            Type = TransactionType.Legacy, ChainId = chainId, Nonce = nonce, GasPrice = gasPrice, GasLimit = gasLimit,
            To = to, Value = value, Data = data, Signature = new Secp256k1Signature(r, s, recoveryId),
        };
    }

    private static Transaction DecodeTyped(TransactionType type, ReadOnlySpan<byte> payload)
    {
        var outer = new RlpReader(payload);
        if (!outer.HasMore) throw new InvalidTransactionException($"type 0x{(byte)type:x2} transaction has no payload after the type byte");
        if (!outer.PeekIsList) throw new InvalidTransactionException($"type 0x{(byte)type:x2} payload must be an RLP list");
        RlpReader fields = outer.ReadList();
        outer.EnsureEnd();
        int fieldCount = type switch { TransactionType.AccessList => 11, TransactionType.DynamicFee => 12, _ => 14 };
        RequireFieldCount(fields, fieldCount, type);

        UInt256 chainIdValue = fields.ReadUInt256();
        if (!chainIdValue.IsUInt64)
            throw new InvalidTransactionException($"chain id {chainIdValue} is above 2^64 − 1, which no chain uses");
        ulong nonce = fields.ReadUInt64();
        UInt256 gasPrice = default, maxPriorityFee = default, maxFee = default;
        if (type == TransactionType.AccessList)
        {
            gasPrice = fields.ReadUInt256();
        }
        else
        {
            maxPriorityFee = fields.ReadUInt256();
            maxFee = fields.ReadUInt256();
        }
        ulong gasLimit = fields.ReadUInt64();
        Address? to = ReadTo(ref fields);
        UInt256 value = fields.ReadUInt256();
        byte[] data = fields.ReadBytes().ToArray();
        IReadOnlyList<AccessListItem> accessList = ReadAccessList(ref fields);
        UInt256 maxFeePerBlobGas = default;
        IReadOnlyList<Hash256> blobHashes = [];
        if (type == TransactionType.Blob)
        {
            maxFeePerBlobGas = fields.ReadUInt256();
            blobHashes = ReadBlobHashes(ref fields);
            if (to is null) throw new InvalidTransactionException("a blob transaction cannot create a contract: 'to' must be a 20-byte address (EIP-4844)");
        }
        ulong yParity = fields.ReadUInt64();
        if (yParity > 1) throw new InvalidTransactionException($"invalid y parity {yParity}: a typed transaction's v is 0 or 1");
        UInt256 r = fields.ReadUInt256();
        UInt256 s = fields.ReadUInt256();

        return new Transaction
        {
            Type = type, ChainId = chainIdValue.U0, Nonce = nonce, GasPrice = gasPrice, MaxPriorityFeePerGas = maxPriorityFee,
            MaxFeePerGas = maxFee, GasLimit = gasLimit, To = to, Value = value, Data = data, AccessList = accessList,
            MaxFeePerBlobGas = maxFeePerBlobGas, BlobVersionedHashes = blobHashes,
            Signature = new Secp256k1Signature(r, s, (int)yParity),
        };
    }

    private static Address? ReadTo(ref RlpReader fields)
    {
        int offset = fields.Offset;
        ReadOnlySpan<byte> bytes = fields.ReadBytes();
        return bytes.Length switch
        {
            0 => null,
            Address.Length => new Address(bytes),
            _ => throw new InvalidTransactionException(
                $"'to' at offset {offset} must be empty (contract creation) or a 20-byte address, got {bytes.Length} bytes"),
        };
    }

    private static IReadOnlyList<AccessListItem> ReadAccessList(ref RlpReader fields)
    {
        RlpReader list = fields.ReadList();
        var items = new List<AccessListItem>();
        while (list.HasMore)
        {
            int entryOffset = list.Offset;
            RlpReader entry = list.ReadList();
            if (!entry.HasMore) throw new InvalidTransactionException($"access list entry at offset {entryOffset} is empty; expected [address, storageKeys]");
            Address address = entry.ReadAddress();
            if (!entry.HasMore) throw new InvalidTransactionException($"access list entry at offset {entryOffset} has no storage key list");
            RlpReader keyList = entry.ReadList();
            entry.EnsureEnd();
            var keys = new List<Hash256>();
            while (keyList.HasMore) keys.Add(keyList.ReadHash());
            items.Add(new AccessListItem(address, keys));
        }
        return items;
    }

    private static IReadOnlyList<Hash256> ReadBlobHashes(ref RlpReader fields)
    {
        RlpReader list = fields.ReadList();
        var hashes = new List<Hash256>();
        while (list.HasMore) hashes.Add(list.ReadHash());
        return hashes;
    }

    /// <summary>Counts the list's items on a copy of the reader, so a wrong shape is reported as such, not as a field error.</summary>
    /// <param name="type">Null for a legacy transaction; named in the error only (formatting it up front cost an allocation per decode).</param>
    private static void RequireFieldCount(RlpReader fields, int expected, TransactionType? type)
    {
        int count = 0;
        while (fields.HasMore)
        {
            fields.SkipItem();
            count++;
        }
        if (count == expected) return;
        string what = type is { } t ? $"a type 0x{(byte)t:x2} transaction" : "a legacy transaction";
        throw new InvalidTransactionException($"{what} has {expected} fields, got {count}: too {(count < expected ? "few" : "many")} fields");
    }
}
