using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using AgentChain.Core.Numerics;
using AgentChain.Evm.Interpreter;

namespace AgentChain.Evm.Instructions;

/// <summary>POP, PUSH0–PUSH32, DUP1–16, SWAP1–16.</summary>
internal static unsafe class Stack
{
    public static void Pop(ExecutionFrame f) => f.Stack.Drop();

    public static void Push0(ExecutionFrame f) => f.Stack.PushSlot() = default;

    /// <summary>PUSH1, the most frequent instruction of compiled code, on its own: one byte, no masking.</summary>
    public static void Push1(ExecutionFrame f)
    {
        int pc = f.Pc;
        f.Stack.PushSlot() = new UInt256(f.CodePointer[pc]);
        f.Pc = pc + 1;
    }

    /// <summary>
    /// PUSHn: n immediate bytes after the opcode. Reads the 32 bytes that end at the last immediate byte as
    /// four big-endian limbs and masks off the bytes before the immediate. The code's zero padding makes both
    /// ends safe and gives the Yellow Paper's zeros for immediates cut off by the end of code.
    /// </summary>
    public static void PushN(ExecutionFrame f)
    {
        int pc = f.Pc;
        byte* code = f.CodePointer;
        int n = code[pc - 1] - 0x5f;
        byte* end = code + pc + n;
        ref readonly UInt256 mask = ref PushMasks[n];
        f.Stack.PushSlot() = new UInt256(
            BigEndianLimb(end - 8) & mask.U0,
            BigEndianLimb(end - 16) & mask.U1,
            BigEndianLimb(end - 24) & mask.U2,
            BigEndianLimb(end - 32) & mask.U3);
        f.Pc = pc + n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong BigEndianLimb(byte* at) => BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ulong>(at));

    /// <summary>PushMasks[n]: the low n bytes set (2^(8n) - 1).</summary>
    private static readonly UInt256[] PushMasks = BuildPushMasks();

    private static UInt256[] BuildPushMasks()
    {
        var masks = new UInt256[33];
        for (int n = 1; n <= 32; n++)
            masks[n] = n == 32 ? UInt256.MaxValue : (UInt256.One << (8 * n)) - UInt256.One;
        return masks;
    }

    public static void DupN(ExecutionFrame f) => f.Stack.Dup(f.CodePointer[f.Pc - 1] - 0x7f);

    public static void SwapN(ExecutionFrame f) => f.Stack.Swap(f.CodePointer[f.Pc - 1] - 0x8f);
}
