using AgentChain.Core.Numerics;
using AgentChain.Evm.Interpreter;

namespace AgentChain.Evm.Instructions;

/// <summary>COINBASE, TIMESTAMP, NUMBER, PREVRANDAO, GASLIMIT, CHAINID, BASEFEE, BLOBBASEFEE, BLOCKHASH.</summary>
internal static class BlockInfo
{
    public static void Coinbase(ExecutionFrame f) => f.Stack.PushSlot() = AddressWord.From(f.Host.Block.Coinbase);

    public static void Timestamp(ExecutionFrame f) => f.Stack.PushSlot() = new UInt256(f.Host.Block.Timestamp);

    public static void Number(ExecutionFrame f) => f.Stack.PushSlot() = new UInt256(f.Host.Block.Number);

    public static void PrevRandao(ExecutionFrame f) => f.Stack.PushSlot() = f.Host.Block.PrevRandao;

    public static void GasLimit(ExecutionFrame f) => f.Stack.PushSlot() = new UInt256(f.Host.Block.GasLimit);

    public static void ChainId(ExecutionFrame f) => f.Stack.PushSlot() = f.Host.Block.ChainId;

    public static void BaseFee(ExecutionFrame f) => f.Stack.PushSlot() = f.Host.Block.BaseFee;

    public static void BlobBaseFee(ExecutionFrame f) => f.Stack.PushSlot() = f.Host.Block.BlobBaseFee;

    /// <summary>BLOCKHASH: only the 256 most recent complete blocks; anything else reads zero.</summary>
    public static void BlockHash(ExecutionFrame f)
    {
        ref UInt256 top = ref f.Stack.Top;
        ulong current = f.Host.Block.Number;
        if (top.IsUInt64 && top.U0 < current && current - top.U0 <= 256)
            top = UInt256.FromBigEndian(f.Host.Block.BlockHash(top.U0).Bytes);
        else
            top = default;
    }
}
