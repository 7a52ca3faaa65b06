using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Core.Rlp;
using AgentChain.Core.Types;

namespace AgentChain.Node.Chain;

/// <summary>
/// A Cancun block header. Its hash is keccak(RLP) over the 20 fields in the Yellow Paper order plus the
/// post-merge additions (base fee EIP-1559, withdrawals root EIP-4895, blob gas EIP-4844, beacon root EIP-4788).
/// </summary>
public sealed class BlockHeader
{
    public static readonly Hash256 EmptyOmmersHash = Hash256.Parse("0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347");

    public required Hash256 ParentHash { get; init; }
    public required Address Coinbase { get; init; }
    public required Hash256 StateRoot { get; init; }
    public required Hash256 TransactionsRoot { get; init; }
    public required Hash256 ReceiptsRoot { get; init; }
    public required byte[] LogsBloom { get; init; }
    public required ulong Number { get; init; }
    public required ulong GasLimit { get; init; }
    public required ulong GasUsed { get; init; }
    public required ulong Timestamp { get; init; }
    public byte[] ExtraData { get; init; } = [];
    public Hash256 MixHash { get; init; }
    public required UInt256 BaseFeePerGas { get; init; }
    public Hash256 WithdrawalsRoot { get; init; } = Hash256.EmptyTrieRoot;
    public ulong BlobGasUsed { get; init; }
    public ulong ExcessBlobGas { get; init; }
    public Hash256 ParentBeaconBlockRoot { get; init; }

    private Hash256? _hash;

    public Hash256 Hash => _hash ??= Keccak256.Hash(Encode());

    public byte[] Encode()
    {
        var w = new RlpWriter(600);
        int list = w.BeginList();
        w.WriteHash(ParentHash);
        w.WriteHash(EmptyOmmersHash);
        w.WriteAddress(Coinbase);
        w.WriteHash(StateRoot);
        w.WriteHash(TransactionsRoot);
        w.WriteHash(ReceiptsRoot);
        w.WriteBytes(LogsBloom);
        w.WriteUInt64(0); // difficulty: zero after the merge
        w.WriteUInt64(Number);
        w.WriteUInt64(GasLimit);
        w.WriteUInt64(GasUsed);
        w.WriteUInt64(Timestamp);
        w.WriteBytes(ExtraData);
        w.WriteHash(MixHash);
        w.WriteBytes(new byte[8]); // nonce: zero after the merge
        w.WriteUInt256(BaseFeePerGas);
        w.WriteHash(WithdrawalsRoot);
        w.WriteUInt64(BlobGasUsed);
        w.WriteUInt64(ExcessBlobGas);
        w.WriteHash(ParentBeaconBlockRoot);
        w.EndList(list);
        return w.ToArray();
    }

    public static BlockHeader Decode(ReadOnlySpan<byte> encoded)
    {
        var outer = new RlpReader(encoded);
        RlpReader r = outer.ReadList();
        Hash256 parent = r.ReadHash();
        r.ReadHash();
        Address coinbase = r.ReadAddress();
        Hash256 stateRoot = r.ReadHash();
        Hash256 txRoot = r.ReadHash();
        Hash256 receiptsRoot = r.ReadHash();
        byte[] bloom = r.ReadBytes().ToArray();
        r.ReadUInt64();
        ulong number = r.ReadUInt64();
        ulong gasLimit = r.ReadUInt64();
        ulong gasUsed = r.ReadUInt64();
        ulong timestamp = r.ReadUInt64();
        byte[] extra = r.ReadBytes().ToArray();
        Hash256 mix = r.ReadHash();
        r.ReadBytes();
        UInt256 baseFee = r.ReadUInt256();
        Hash256 withdrawals = r.ReadHash();
        ulong blobGasUsed = r.ReadUInt64();
        ulong excessBlobGas = r.ReadUInt64();
        Hash256 beacon = r.ReadHash();
        return new BlockHeader
        {
            ParentHash = parent, Coinbase = coinbase, StateRoot = stateRoot, TransactionsRoot = txRoot, ReceiptsRoot = receiptsRoot,
            LogsBloom = bloom, Number = number, GasLimit = gasLimit, GasUsed = gasUsed, Timestamp = timestamp, ExtraData = extra,
            MixHash = mix, BaseFeePerGas = baseFee, WithdrawalsRoot = withdrawals, BlobGasUsed = blobGasUsed,
            ExcessBlobGas = excessBlobGas, ParentBeaconBlockRoot = beacon,
        };
    }
}
