using System.Text.Json.Nodes;
using AgentChain.Core.Numerics;
using AgentChain.Core.Transactions;
using AgentChain.Core.Types;
using AgentChain.Node.Chain;
using AgentChain.Node.Storage;
using AgentChain.Node.Tracing;
using AgentChain.State;
using static AgentChain.Node.Rpc.RpcParams;

namespace AgentChain.Node.Rpc;

/// <summary>The JSON shapes of blocks, transactions, receipts and logs, as geth returns them.</summary>
public static class RpcJson
{
    public static JsonObject Block(Block block, bool fullTransactions)
    {
        BlockHeader h = block.Header;
        var txs = new JsonArray();
        for (int i = 0; i < block.Transactions.Count; i++)
        {
            if (fullTransactions) txs.Add(Transaction(block.Transactions[i], block.Senders[i], block, i));
            else txs.Add(D(block.Transactions[i].Hash.Bytes));
        }
        return new JsonObject
        {
            ["hash"] = D(h.Hash.Bytes),
            ["parentHash"] = D(h.ParentHash.Bytes),
            ["sha3Uncles"] = D(BlockHeader.EmptyOmmersHash.Bytes),
            ["miner"] = h.Coinbase.ToLowerHex(),
            ["stateRoot"] = D(h.StateRoot.Bytes),
            ["transactionsRoot"] = D(h.TransactionsRoot.Bytes),
            ["receiptsRoot"] = D(h.ReceiptsRoot.Bytes),
            ["logsBloom"] = D(h.LogsBloom),
            ["difficulty"] = "0x0",
            ["number"] = Q(h.Number),
            ["gasLimit"] = Q(h.GasLimit),
            ["gasUsed"] = Q(h.GasUsed),
            ["timestamp"] = Q(h.Timestamp),
            ["extraData"] = D(h.ExtraData),
            ["mixHash"] = D(h.MixHash.Bytes),
            ["nonce"] = "0x0000000000000000",
            ["baseFeePerGas"] = Q(h.BaseFeePerGas),
            ["withdrawalsRoot"] = D(h.WithdrawalsRoot.Bytes),
            ["blobGasUsed"] = Q(h.BlobGasUsed),
            ["excessBlobGas"] = Q(h.ExcessBlobGas),
            ["parentBeaconBlockRoot"] = D(h.ParentBeaconBlockRoot.Bytes),
            ["totalDifficulty"] = "0x0",
            ["size"] = Q(block.Size),
            ["uncles"] = new JsonArray(),
            ["withdrawals"] = new JsonArray(),
            ["transactions"] = txs,
        };
    }

    /// <summary>A header as eth_subscribe("newHeads") sends it.</summary>
    public static JsonObject Header(Block block)
    {
        JsonObject o = Block(block, false);
        o.Remove("transactions");
        o.Remove("uncles");
        o.Remove("withdrawals");
        o.Remove("size");
        o.Remove("totalDifficulty");
        return o;
    }

    public static JsonObject Transaction(Core.Transactions.Transaction tx, Address from, Block? block, int index)
    {
        var o = new JsonObject
        {
            ["hash"] = D(tx.Hash.Bytes),
            ["type"] = Q((ulong)tx.Type),
            ["nonce"] = Q(tx.Nonce),
            ["blockHash"] = block is null ? null : D(block.Hash.Bytes),
            ["blockNumber"] = block is null ? null : Q(block.Number),
            ["transactionIndex"] = block is null ? null : Q((ulong)index),
            ["from"] = from.ToLowerHex(),
            ["to"] = tx.To?.ToLowerHex(),
            ["value"] = Q(tx.Value),
            ["gas"] = Q(tx.GasLimit),
            ["input"] = D(tx.Data.Span),
        };
        if (tx.Type >= TransactionType.DynamicFee)
        {
            o["maxFeePerGas"] = Q(tx.MaxFeePerGas);
            o["maxPriorityFeePerGas"] = Q(tx.MaxPriorityFeePerGas);
            o["gasPrice"] = Q(block is null ? tx.MaxFeePerGas : LocalChain.EffectiveGasPrice(tx, block.Header.BaseFeePerGas));
        }
        else
        {
            o["gasPrice"] = Q(tx.GasPrice);
        }
        if (tx.Type != TransactionType.Legacy)
        {
            o["chainId"] = Q(tx.ChainId ?? 0);
            var list = new JsonArray();
            foreach (AccessListItem item in tx.AccessList)
            {
                var keys = new JsonArray();
                foreach (Hash256 k in item.StorageKeys) keys.Add(D(k.Bytes));
                list.Add(new JsonObject { ["address"] = item.Address.ToLowerHex(), ["storageKeys"] = keys });
            }
            o["accessList"] = list;
            o["yParity"] = Q((ulong)tx.Signature!.Value.RecoveryId);
        }
        else if (tx.ChainId is { } chainId)
        {
            o["chainId"] = Q(chainId);
        }
        if (tx.Type == TransactionType.Blob)
        {
            o["maxFeePerBlobGas"] = Q(tx.MaxFeePerBlobGas);
            var hashes = new JsonArray();
            foreach (Hash256 b in tx.BlobVersionedHashes) hashes.Add(D(b.Bytes));
            o["blobVersionedHashes"] = hashes;
        }
        o["v"] = Q(tx.V);
        o["r"] = Q(tx.Signature!.Value.R);
        o["s"] = Q(tx.Signature!.Value.S);
        return o;
    }

    public static JsonObject Receipt(Receipt r)
    {
        var logs = new JsonArray();
        for (int i = 0; i < r.Logs.Count; i++)
            logs.Add(Log(new StoredLog(r.Logs[i], r.BlockNumber, r.BlockHash, r.TransactionHash, r.TransactionIndex, r.FirstLogIndex + i)));
        return new JsonObject
        {
            ["transactionHash"] = D(r.TransactionHash.Bytes),
            ["transactionIndex"] = Q((ulong)r.TransactionIndex),
            ["blockHash"] = D(r.BlockHash.Bytes),
            ["blockNumber"] = Q(r.BlockNumber),
            ["from"] = r.From.ToLowerHex(),
            ["to"] = r.To?.ToLowerHex(),
            ["cumulativeGasUsed"] = Q(r.CumulativeGasUsed),
            ["gasUsed"] = Q(r.GasUsed),
            ["effectiveGasPrice"] = Q(r.EffectiveGasPrice),
            ["contractAddress"] = r.ContractAddress?.ToLowerHex(),
            ["logs"] = logs,
            ["logsBloom"] = D(r.Bloom),
            ["type"] = Q((ulong)r.Type),
            ["status"] = r.Success ? "0x1" : "0x0",
        };
    }

    public static JsonObject Log(StoredLog l)
    {
        var topics = new JsonArray();
        foreach (Hash256 t in l.Log.Topics) topics.Add(D(t.Bytes));
        return new JsonObject
        {
            ["address"] = l.Log.Address.ToLowerHex(),
            ["topics"] = topics,
            ["data"] = D(l.Log.Data),
            ["blockNumber"] = Q(l.BlockNumber),
            ["blockHash"] = D(l.BlockHash.Bytes),
            ["transactionHash"] = D(l.TransactionHash.Bytes),
            ["transactionIndex"] = Q((ulong)l.TransactionIndex),
            ["logIndex"] = Q((ulong)l.LogIndex),
            ["removed"] = l.Removed,
        };
    }

    public static IEnumerable<StoredLog> LogsOf(Block block, IReadOnlyList<Receipt> receipts)
    {
        foreach (Receipt r in receipts)
            for (int i = 0; i < r.Logs.Count; i++)
                yield return new StoredLog(r.Logs[i], block.Number, block.Hash, r.TransactionHash, r.TransactionIndex, r.FirstLogIndex + i);
    }

    public static string Quantity(UInt256 v) => Q(v);

    /// <summary>A callTracer frame in geth's JSON: quantities in hex, empty output/error/reason/calls/logs omitted, no value for STATICCALL.</summary>
    public static JsonObject CallFrame(CallFrame frame)
    {
        var o = new JsonObject
        {
            ["from"] = frame.From.ToLowerHex(),
            ["gas"] = Q((ulong)frame.Gas),
            ["gasUsed"] = Q((ulong)frame.GasUsed),
        };
        if (frame.To is { } to) o["to"] = to.ToLowerHex();
        o["input"] = D(frame.Input);
        if (frame.Output.Length > 0) o["output"] = D(frame.Output);
        if (frame.Error is { } error) o["error"] = error;
        if (frame.RevertReason is { } reason) o["revertReason"] = reason;
        if (frame.Calls.Count > 0) o["calls"] = new JsonArray([.. frame.Calls.Select(c => (JsonNode)CallFrame(c))]);
        if (frame.Logs.Count > 0)
        {
            o["logs"] = new JsonArray([.. frame.Logs.Select(l => (JsonNode)new JsonObject
            {
                ["address"] = l.Address.ToLowerHex(),
                ["topics"] = new JsonArray([.. l.Topics.Select(t => (JsonNode)D(t.Bytes))]),
                ["data"] = D(l.Data),
                ["position"] = Q((ulong)l.Position),
            })]);
        }
        if (frame.Value is { } value) o["value"] = Q(value);
        o["type"] = frame.TypeName;
        return o;
    }
}
