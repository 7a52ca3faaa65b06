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

    public static void Byte(ExecutionFrame f) { UInt256 i = f.Stack.Pop(); ref UInt256 top = ref f.Stack.Top; UInt256 x = top; top = UInt256.Byte(i, x); }

    // EIP-145: the shift amount is on top, the value below it.
    public static void Shl(ExecutionFrame f) { UInt256 s = f.Stack.Pop(); ref UInt256 top = ref f.Stack.Top; UInt256 x = top; top = UInt256.ShiftLeft(x, s); }

    public static void Shr(ExecutionFrame f) { UInt256 s = f.Stack.Pop(); ref UInt256 top = ref f.Stack.Top; UInt256 x = top; top = UInt256.ShiftRight(x, s); }

    public static void Sar(ExecutionFrame f) { UInt256 s = f.Stack.Pop(); ref UInt256 top = ref f.Stack.Top; UInt256 x = top; top = UInt256.ArithmeticShiftRight(x, s); }
}
