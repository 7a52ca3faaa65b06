using AgentChain.Core.Numerics;
using AgentChain.Evm.Interpreter;

namespace AgentChain.Evm.Instructions;

/// <summary>Comparisons, boolean logic, BYTE and shifts (0x10–0x1d).</summary>
internal static class Bitwise
{
    private static UInt256 Bool(bool value) => value ? UInt256.One : UInt256.Zero;

    public static void Lt(ExecutionFrame f) { ref UInt256 a = ref f.Stack.Pop(); ref UInt256 b = ref f.Stack.Top; b = Bool(a < b); }

    public static void Gt(ExecutionFrame f) { ref UInt256 a = ref f.Stack.Pop(); ref UInt256 b = ref f.Stack.Top; b = Bool(a > b); }

    public static void Slt(ExecutionFrame f) { ref UInt256 a = ref f.Stack.Pop(); ref UInt256 b = ref f.Stack.Top; b = Bool(UInt256.SignedLessThan(in a, in b)); }

    public static void Sgt(ExecutionFrame f) { ref UInt256 a = ref f.Stack.Pop(); ref UInt256 b = ref f.Stack.Top; b = Bool(UInt256.SignedGreaterThan(in a, in b)); }

    public static void Eq(ExecutionFrame f) { ref UInt256 a = ref f.Stack.Pop(); ref UInt256 b = ref f.Stack.Top; b = Bool(a == b); }

    public static void IsZero(ExecutionFrame f) { ref UInt256 a = ref f.Stack.Top; a = Bool(a.IsZero); }

    public static void And(ExecutionFrame f) { ref UInt256 a = ref f.Stack.Pop(); ref UInt256 b = ref f.Stack.Top; UInt256.And(in a, in b, out b); }

    public static void Or(ExecutionFrame f) { ref UInt256 a = ref f.Stack.Pop(); ref UInt256 b = ref f.Stack.Top; UInt256.Or(in a, in b, out b); }

    public static void Xor(ExecutionFrame f) { ref UInt256 a = ref f.Stack.Pop(); ref UInt256 b = ref f.Stack.Top; UInt256.Xor(in a, in b, out b); }

    public static void Not(ExecutionFrame f) { ref UInt256 a = ref f.Stack.Top; UInt256.Not(in a, out a); }

    public static void Byte(ExecutionFrame f) { ref UInt256 i = ref f.Stack.Pop(); ref UInt256 x = ref f.Stack.Top; UInt256.Byte(in i, in x, out x); }

    // EIP-145: the shift amount is on top, the value below it.
    public static void Shl(ExecutionFrame f) { ref UInt256 s = ref f.Stack.Pop(); ref UInt256 x = ref f.Stack.Top; UInt256.ShiftLeft(in x, in s, out x); }

    public static void Shr(ExecutionFrame f) { ref UInt256 s = ref f.Stack.Pop(); ref UInt256 x = ref f.Stack.Top; UInt256.ShiftRight(in x, in s, out x); }

    public static void Sar(ExecutionFrame f) { ref UInt256 s = ref f.Stack.Pop(); ref UInt256 x = ref f.Stack.Top; UInt256.ArithmeticShiftRight(in x, in s, out x); }
}
