using AgentChain.Core.Crypto;
using AgentChain.Core.Numerics;
using AgentChain.Evm.Interpreter;

namespace AgentChain.Evm.Instructions;

/// <summary>KECCAK256 and the frame's own context: ADDRESS, CALLER, CALLVALUE, CALLDATA*, CODE*, RETURNDATA*, GAS.</summary>
internal static class SystemOps
{
    public static void Keccak256(ExecutionFrame f)
    {
        UInt256 offset = f.Stack.Pop();
        ref UInt256 top = ref f.Stack.Top;
        UInt256 length = top;
        if (!f.ExpandMemory(in offset, in length)) return;
        if (!f.UseGas(GasCosts.KeccakWord * GasCosts.Words((long)length.U0))) return;
        ReadOnlySpan<byte> data = length.IsZero ? [] : f.Memory.Span((long)offset.U0, (long)length.U0);
        top = UInt256.FromBigEndian(Core.Crypto.Keccak256.Hash(data).Bytes);
    }

    public static void Address(ExecutionFrame f) => f.Stack.PushSlot() = AddressWord.From(f.Address);

    public static void Caller(ExecutionFrame f) => f.Stack.PushSlot() = AddressWord.From(f.Caller);

    public static void CallValue(ExecutionFrame f) => f.Stack.PushSlot() = f.Value;

    public static void CallDataLoad(ExecutionFrame f)
    {
        ref UInt256 top = ref f.Stack.Top;
        Span<byte> word = stackalloc byte[32];
        word.Clear();
        if (top.IsUInt64 && top.U0 < (ulong)f.Input.Length)
        {
            int start = (int)top.U0;
            f.Input.AsSpan(start, Math.Min(32, f.Input.Length - start)).CopyTo(word);
        }
        top = UInt256.FromBigEndian(word);
    }

    public static void CallDataSize(ExecutionFrame f) => f.Stack.PushSlot() = new UInt256((ulong)f.Input.Length);

    public static void CallDataCopy(ExecutionFrame f) => CopyFrom(f, f.Input);

    public static void CodeSize(ExecutionFrame f) => f.Stack.PushSlot() = new UInt256((ulong)f.Code.Length);

    public static void CodeCopy(ExecutionFrame f) => CopyFrom(f, f.Code);

    public static void ReturnDataSize(ExecutionFrame f) => f.Stack.PushSlot() = new UInt256((ulong)f.ReturnData.Length);

    /// <summary>RETURNDATACOPY: reading past the end of the return data is an exceptional halt (EIP-211), unlike the other copies.</summary>
    public static void ReturnDataCopy(ExecutionFrame f)
    {
        UInt256 memoryOffset = f.Stack.Pop();
        UInt256 dataOffset = f.Stack.Pop();
        UInt256 length = f.Stack.Pop();
        if (UInt256.AddOverflow(in dataOffset, in length, out UInt256 end) || end > new UInt256((ulong)f.ReturnData.Length))
        {
            f.Status = FrameStatus.ReturnDataOutOfBounds;
            return;
        }
        if (!ChargeCopy(f, in memoryOffset, in length)) return;
        f.CopyToMemory((long)memoryOffset.U0, f.ReturnData, in dataOffset, (long)length.U0);
    }

    /// <summary>GAS ends its block, so the gas it reads has been charged exactly up to and including itself.</summary>
    public static void Gas(ExecutionFrame f)
    {
        f.Stack.PushSlot() = new UInt256((ulong)f.Gas);
        f.EnterNextBlock();
    }

    internal static void CopyFrom(ExecutionFrame f, ReadOnlySpan<byte> source)
    {
        UInt256 memoryOffset = f.Stack.Pop();
        UInt256 sourceOffset = f.Stack.Pop();
        UInt256 length = f.Stack.Pop();
        if (!ChargeCopy(f, in memoryOffset, in length)) return;
        f.CopyToMemory((long)memoryOffset.U0, source, in sourceOffset, (long)length.U0);
    }

    /// <summary>Copy cost: 3 per word plus memory expansion. A zero length costs neither, whatever the offsets.</summary>
    internal static bool ChargeCopy(ExecutionFrame f, in UInt256 memoryOffset, in UInt256 length)
    {
        if (length.IsZero) return true;
        if (!length.IsUInt64 || length.U0 > int.MaxValue) { f.Status = FrameStatus.OutOfGas; return false; }
        return f.UseGas(GasCosts.CopyWord * GasCosts.Words((long)length.U0)) && f.ExpandMemory(in memoryOffset, in length);
    }
}
