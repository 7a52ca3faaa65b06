using AgentChain.Core.Numerics;
using AgentChain.Core.Rlp;
using AgentChain.Core.Types;
using ExecutionBloom = AgentChain.Execution.LogsBloom;
using AgentChain.State;

namespace AgentChain.Node.Chain;

/// <summary>
/// The receipt of an included transaction, with the lookup fields JSON-RPC returns beside the consensus ones
/// (status, cumulative gas, bloom, logs).
/// </summary>
public sealed class Receipt
{
    public required Hash256 TransactionHash { get; init; }
    public required byte Type { get; init; }
    public required int TransactionIndex { get; init; }
    public required Hash256 BlockHash { get; init; }
    public required ulong BlockNumber { get; init; }
    public required Address From { get; init; }
    public Address? To { get; init; }
    public Address? ContractAddress { get; init; }
    public required bool Success { get; init; }
    public required ulong GasUsed { get; init; }
    public required ulong CumulativeGasUsed { get; init; }
    public required UInt256 EffectiveGasPrice { get; init; }
    public required IReadOnlyList<LogEntry> Logs { get; init; }
    /// <summary>Index of the first log in the block (logIndex is block-wide).</summary>
    public required int FirstLogIndex { get; init; }
    /// <summary>Return or revert data of the top-level call (kept for debugging and revert reasons; not consensus).</summary>
    public byte[] Output { get; init; } = [];

    private ExecutionBloom? _bloom;

    /// <summary>
    /// The bloom of <see cref="Logs"/>. The executor already built it (four Keccak-256 hashes per ERC-20 transfer
    /// log), so block sealing passes it in; receipts read back from the store compute it once on first use.
    /// </summary>
    public ExecutionBloom LogsBloom
    {
        get => _bloom ??= ExecutionBloom.FromLogs(Logs);
        init => _bloom = value;
    }

    public byte[] Bloom => LogsBloom.Bytes.ToArray();

    public Receipt WithBlockHash(Hash256 blockHash) => new()
    {
        LogsBloom = LogsBloom,
        TransactionHash = TransactionHash, Type = Type, TransactionIndex = TransactionIndex, BlockHash = blockHash, BlockNumber = BlockNumber,
        From = From, To = To, ContractAddress = ContractAddress, Success = Success, GasUsed = GasUsed, CumulativeGasUsed = CumulativeGasUsed,
        EffectiveGasPrice = EffectiveGasPrice, Logs = Logs, FirstLogIndex = FirstLogIndex, Output = Output,
    };

    /// <summary>EIP-2718 receipt encoding: type ‖ rlp([status, cumulativeGas, bloom, logs]) (no prefix for legacy).</summary>
    public byte[] EncodeConsensus()
    {
        var w = new RlpWriter(256);
        if (Type != 0) w.WriteEncoded([Type]);
        int list = w.BeginList();
        w.WriteUInt64(Success ? 1UL : 0UL);
        w.WriteUInt64(CumulativeGasUsed);
        w.WriteBytes(LogsBloom.Bytes);
        WriteLogs(w, Logs);
        w.EndList(list);
        return w.ToArray();
    }

    internal static void WriteLogs(RlpWriter w, IReadOnlyList<LogEntry> logs) => LogEntry.WriteRlpList(w, logs);

    internal static List<LogEntry> ReadLogs(ReadOnlySpan<byte> encoded)
    {
        var outer = new RlpReader(encoded);
        RlpReader list = outer.ReadList();
        var logs = new List<LogEntry>();
        while (list.HasMore)
        {
            RlpReader entry = list.ReadList();
            Address address = entry.ReadAddress();
            RlpReader topicList = entry.ReadList();
            var topics = new List<Hash256>();
            while (topicList.HasMore) topics.Add(topicList.ReadHash());
            byte[] data = entry.ReadBytes().ToArray();
            logs.Add(new LogEntry(address, [.. topics], data));
        }
        return logs;
    }
}
