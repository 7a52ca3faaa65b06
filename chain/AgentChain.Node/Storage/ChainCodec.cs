using AgentChain.Core.Rlp;
using AgentChain.Core.Transactions;
using AgentChain.Core.Types;
using AgentChain.Node.Chain;

namespace AgentChain.Node.Storage;

/// <summary>The store's own RLP layouts for blocks and receipts (not consensus encodings; those live on the types).</summary>
internal static class ChainCodec
{
    public static byte[] EncodeBlock(Block block)
    {
        var w = new RlpWriter(1024);
        WriteBlock(w, block);
        return w.ToArray();
    }

    /// <summary>Appends <see cref="EncodeBlock"/>'s encoding to <paramref name="w"/> (the store reuses one writer across blocks).</summary>
    public static void WriteBlock(RlpWriter w, Block block)
    {
        int list = w.BeginList();
        w.WriteBytes(block.Header.Encode());
        int txs = w.BeginList();
        foreach (byte[] tx in block.EncodedTransactions) w.WriteBytes(tx);
        w.EndList(txs);
        int senders = w.BeginList();
        foreach (Address a in block.Senders) w.WriteAddress(a);
        w.EndList(senders);
        w.EndList(list);
    }

    public static Block DecodeBlock(ReadOnlySpan<byte> data)
    {
        var outer = new RlpReader(data);
        RlpReader r = outer.ReadList();
        BlockHeader header = BlockHeader.Decode(r.ReadBytes());
        var txs = new List<Transaction>();
        var encoded = new List<byte[]>();
        RlpReader txList = r.ReadList();
        while (txList.HasMore)
        {
            ReadOnlySpan<byte> raw = txList.ReadBytes();
            txs.Add(TransactionDecoder.Decode(raw));
            encoded.Add(raw.ToArray());
        }
        var senders = new List<Address>();
        RlpReader senderList = r.ReadList();
        while (senderList.HasMore) senders.Add(senderList.ReadAddress());
        return new Block { Header = header, Transactions = txs, Senders = senders, EncodedTransactions = encoded };
    }

    public static byte[] EncodeReceipt(Receipt receipt)
    {
        var w = new RlpWriter(512);
        WriteReceipt(w, receipt);
        return w.ToArray();
    }

    /// <summary>
    /// A block's receipts as one value: the RLP list of their <see cref="EncodeReceipt"/> encodings, so one row per
    /// block holds them all and a single receipt is found by skipping to its index.
    /// </summary>
    public static byte[] EncodeBlockReceipts(IReadOnlyList<Receipt> receipts)
    {
        var w = new RlpWriter(256 + 320 * receipts.Count);
        WriteBlockReceipts(w, receipts);
        return w.ToArray();
    }

    /// <summary>Appends <see cref="EncodeBlockReceipts"/>'s encoding to <paramref name="w"/>.</summary>
    public static void WriteBlockReceipts(RlpWriter w, IReadOnlyList<Receipt> receipts)
    {
        int list = w.BeginList();
        foreach (Receipt receipt in receipts) WriteReceipt(w, receipt);
        w.EndList(list);
    }

    public static List<Receipt> DecodeBlockReceipts(ReadOnlySpan<byte> data)
    {
        var outer = new RlpReader(data);
        RlpReader list = outer.ReadList();
        var receipts = new List<Receipt>();
        while (list.HasMore) receipts.Add(DecodeReceipt(list.ReadEncodedItem()));
        return receipts;
    }

    /// <summary>The receipt at <paramref name="index"/> in <see cref="EncodeBlockReceipts"/>'s encoding, or null past the end.</summary>
    public static Receipt? DecodeBlockReceipt(ReadOnlySpan<byte> data, int index)
    {
        var outer = new RlpReader(data);
        RlpReader list = outer.ReadList();
        for (int i = 0; i < index && list.HasMore; i++) list.SkipItem();
        return list.HasMore ? DecodeReceipt(list.ReadEncodedItem()) : null;
    }

    private static void WriteReceipt(RlpWriter w, Receipt receipt)
    {
        int list = w.BeginList();
        w.WriteHash(receipt.TransactionHash);
        w.WriteUInt64(receipt.Type);
        w.WriteUInt64((ulong)receipt.TransactionIndex);
        w.WriteHash(receipt.BlockHash);
        w.WriteUInt64(receipt.BlockNumber);
        w.WriteAddress(receipt.From);
        WriteOptionalAddress(w, receipt.To);
        WriteOptionalAddress(w, receipt.ContractAddress);
        w.WriteUInt64(receipt.Success ? 1UL : 0UL);
        w.WriteUInt64(receipt.GasUsed);
        w.WriteUInt64(receipt.CumulativeGasUsed);
        w.WriteUInt256(receipt.EffectiveGasPrice);
        Receipt.WriteLogs(w, receipt.Logs);
        w.WriteUInt64((ulong)receipt.FirstLogIndex);
        w.WriteBytes(receipt.Output);
        w.EndList(list);
    }

    public static Receipt DecodeReceipt(ReadOnlySpan<byte> data)
    {
        var outer = new RlpReader(data);
        RlpReader r = outer.ReadList();
        Hash256 hash = r.ReadHash();
        byte type = (byte)r.ReadUInt64();
        int index = (int)r.ReadUInt64();
        Hash256 blockHash = r.ReadHash();
        ulong number = r.ReadUInt64();
        Address from = r.ReadAddress();
        Address? to = ReadOptionalAddress(ref r);
        Address? contract = ReadOptionalAddress(ref r);
        bool success = r.ReadUInt64() == 1;
        ulong gasUsed = r.ReadUInt64();
        ulong cumulative = r.ReadUInt64();
        var price = r.ReadUInt256();
        var logs = Receipt.ReadLogs(r.ReadEncodedItem());
        int firstLog = (int)r.ReadUInt64();
        byte[] output = r.ReadBytes().ToArray();
        return new Receipt
        {
            TransactionHash = hash, Type = type, TransactionIndex = index, BlockHash = blockHash, BlockNumber = number, From = from,
            To = to, ContractAddress = contract, Success = success, GasUsed = gasUsed, CumulativeGasUsed = cumulative,
            EffectiveGasPrice = price, Logs = logs, FirstLogIndex = firstLog, Output = output,
        };
    }

    private static void WriteOptionalAddress(RlpWriter w, Address? address)
    {
        if (address is { } a) w.WriteAddress(a); else w.WriteBytes([]);
    }

    private static Address? ReadOptionalAddress(ref RlpReader r)
    {
        ReadOnlySpan<byte> bytes = r.ReadBytes();
        return bytes.Length == 0 ? null : new Address(bytes);
    }
}
