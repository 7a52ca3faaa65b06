using AgentChain.Core.Numerics;
using AgentChain.Evm.Interpreter;

namespace AgentChain.Evm.Instructions;

/// <summary>POP, PUSH0–PUSH32, DUP1–16, SWAP1–16.</summary>
internal static class Stack
{
    public static void Pop(ExecutionFrame f) => f.Stack.Count--;

    public static void Push0(ExecutionFrame f) => f.Stack.PushSlot() = default;

    /// <summary>PUSHn: n immediate bytes after the opcode; bytes past the end of code read as zero.</summary>
    public static void PushN(ExecutionFrame f)
    {
        int n = f.Code[f.Pc - 1] - 0x5f;
        int start = f.Pc;
        int available = Math.Min(n, f.Code.Length - start);
        ref UInt256 slot = ref f.Stack.PushSlot();
        if (available == n)
        {
            slot = UInt256.FromBigEndian(f.Code.AsSpan(start, n));
        }
        else
        {
            Span<byte> padded = stackalloc byte[32];
            padded.Clear();
            f.Code.AsSpan(start, Math.Max(available, 0)).CopyTo(padded[(32 - n)..]);
            slot = UInt256.FromBigEndian(padded);
        }
        f.Pc = start + n;
    }

    public static void DupN(ExecutionFrame f)
    {
        int n = f.Code[f.Pc - 1] - 0x7f;
        UInt256 value = f.Stack.Peek(n - 1);
        f.Stack.Push(value);
    }

    public static void SwapN(ExecutionFrame f)
    {
        int n = f.Code[f.Pc - 1] - 0x8f;
        ref UInt256 top = ref f.Stack.Top;
        ref UInt256 other = ref f.Stack.Peek(n);
        (top, other) = (other, top);
    }
}
