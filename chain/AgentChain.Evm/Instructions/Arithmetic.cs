using AgentChain.Core.Numerics;
using AgentChain.Evm.Interpreter;

namespace AgentChain.Evm.Instructions;

/// <summary>ADD … SIGNEXTEND (0x01–0x0b). Operands are popped from the top; the result overwrites the new top.</summary>
internal static class Arithmetic
{
    public static void Add(ExecutionFrame f) { ref UInt256 a = ref f.Stack.Pop(); ref UInt256 b = ref f.Stack.Top; UInt256.Add(in a, in b, out b); }

    public static void Mul(ExecutionFrame f) { ref UInt256 a = ref f.Stack.Pop(); ref UInt256 b = ref f.Stack.Top; UInt256.Multiply(in a, in b, out b); }

    public static void Sub(ExecutionFrame f) { ref UInt256 a = ref f.Stack.Pop(); ref UInt256 b = ref f.Stack.Top; UInt256.Subtract(in a, in b, out b); }

    // Division by zero yields zero in the EVM; the UInt256 helpers implement that. Operands are copied
    // first because the quotient is written over the divisor's slot.
    public static void Div(ExecutionFrame f) { UInt256 a = f.Stack.Pop(); ref UInt256 top = ref f.Stack.Top; UInt256 b = top; top = b.IsZero ? default : UInt256.Divide(a, b); }

    public static void SDiv(ExecutionFrame f) { UInt256 a = f.Stack.Pop(); ref UInt256 top = ref f.Stack.Top; UInt256 b = top; top = b.IsZero ? default : UInt256.SignedDivide(a, b); }

    public static void Mod(ExecutionFrame f) { UInt256 a = f.Stack.Pop(); ref UInt256 top = ref f.Stack.Top; UInt256 b = top; top = b.IsZero ? default : UInt256.Modulo(a, b); }

    public static void SMod(ExecutionFrame f) { UInt256 a = f.Stack.Pop(); ref UInt256 top = ref f.Stack.Top; UInt256 b = top; top = b.IsZero ? default : UInt256.SignedModulo(a, b); }

    public static void AddMod(ExecutionFrame f)
    {
        UInt256 a = f.Stack.Pop(), b = f.Stack.Pop();
        ref UInt256 top = ref f.Stack.Top;
        UInt256 m = top;
        top = m.IsZero ? default : UInt256.AddMod(a, b, m);
    }

    public static void MulMod(ExecutionFrame f)
    {
        UInt256 a = f.Stack.Pop(), b = f.Stack.Pop();
        ref UInt256 top = ref f.Stack.Top;
        UInt256 m = top;
        top = m.IsZero ? default : UInt256.MulMod(a, b, m);
    }

    /// <summary>EXP: 10 static + 50 per byte of the exponent (EIP-160).</summary>
    public static void Exp(ExecutionFrame f)
    {
        UInt256 b = f.Stack.Pop();
        ref UInt256 top = ref f.Stack.Top;
        UInt256 e = top;
        if (!f.UseGas(GasCosts.ExpByte * e.ByteLength)) return;
        top = UInt256.Exp(b, e);
    }

    /// <summary>SIGNEXTEND(b, x): extend the sign bit of byte b (counted from the least significant) over the higher bytes; b ≥ 31 leaves x unchanged.</summary>
    public static void SignExtend(ExecutionFrame f)
    {
        UInt256 b = f.Stack.Pop();
        ref UInt256 top = ref f.Stack.Top;
        UInt256 x = top;
        top = UInt256.SignExtend(b, x);
    }
}
