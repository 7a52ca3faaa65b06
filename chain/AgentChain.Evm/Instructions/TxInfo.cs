using AgentChain.Core.Numerics;
using AgentChain.Evm.Interpreter;

namespace AgentChain.Evm.Instructions;

/// <summary>ORIGIN, GASPRICE, BLOBHASH (EIP-4844).</summary>
internal static class TxInfo
{
    public static void Origin(ExecutionFrame f) => f.Stack.PushSlot() = AddressWord.From(f.Host.Transaction.Origin);

    public static void GasPrice(ExecutionFrame f) => f.Stack.PushSlot() = f.Host.Transaction.GasPrice;

    public static void BlobHash(ExecutionFrame f)
    {
        ref UInt256 top = ref f.Stack.Top;
        var hashes = f.Host.Transaction.BlobHashes;
        top = top.IsUInt64 && top.U0 < (ulong)hashes.Length ? UInt256.FromBigEndian(hashes[(int)top.U0].Bytes) : default;
    }
}
