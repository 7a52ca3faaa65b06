using AgentChain.Core.Numerics;
using AgentChain.Evm.Interpreter;

namespace AgentChain.Evm.Instructions;

/// <summary>
/// ADD … SIGNEXTEND (0x01–0x0b). Operands are popped from the top; the result overwrites the new top in
/// place (revm's pop_top). The UInt256 `out` overloads read all inputs before writing, so the output may be
/// an input's slot. Division and modulo by zero yield zero in the EVM; the UInt256 helpers implement that.
/// </summary>
internal static class Arithmetic
{
    public static void Add(ExecutionFrame f) { ref UInt256 a = ref f.Stack.Pop(); ref UInt256 b = ref f.Stack.Top; UInt256.Add(in a, in b, out b); }

    public static void Mul(ExecutionFrame f) { ref UInt256 a = ref f.Stack.Pop(); ref UInt256 b = ref f.Stack.Top; UInt256.Multiply(in a, in b, out b); }

    public static void Sub(ExecutionFrame f) { ref UInt256 a = ref f.Stack.Pop(); ref UInt256 b = ref f.Stack.Top; UInt256.Subtract(in a, in b, out b); }

    public static void Div(ExecutionFrame f) { ref UInt256 a = ref f.Stack.Pop(); ref UInt256 b = ref f.Stack.Top; UInt256.Divide(in a, in b, out b); }

    public static void SDiv(ExecutionFrame f) { ref UInt256 a = ref f.Stack.Pop(); ref UInt256 b = ref f.Stack.Top; UInt256.SignedDivide(in a, in b, out b); }

    public static void Mod(ExecutionFrame f) { ref UInt256 a = ref f.Stack.Pop(); ref UInt256 b = ref f.Stack.Top; UInt256.Modulo(in a, in b, out b); }

    public static void SMod(ExecutionFrame f) { ref UInt256 a = ref f.Stack.Pop(); ref UInt256 b = ref f.Stack.Top; UInt256.SignedModulo(in a, in b, out b); }

    public static void AddMod(ExecutionFrame f)
    {
        ref UInt256 a = ref f.Stack.Pop();
        ref UInt256 b = ref f.Stack.Pop();
        ref UInt256 m = ref f.Stack.Top;
        UInt256.AddMod(in a, in b, in m, out m);
    }

    public static void MulMod(ExecutionFrame f)
    {
        ref UInt256 a = ref f.Stack.Pop();
        ref UInt256 b = ref f.Stack.Pop();
        ref UInt256 m = ref f.Stack.Top;
        UInt256.MulMod(in a, in b, in m, out m);
    }

    /// <summary>EXP: 10 static + 50 per byte of the exponent (EIP-160).</summary>
    public static void Exp(ExecutionFrame f)
    {
        ref UInt256 b = ref f.Stack.Pop();
        ref UInt256 e = ref f.Stack.Top;
        if (!f.UseGas(GasCosts.ExpByte * e.ByteLength)) return;
        UInt256.Exp(in b, in e, out e);
    }

    /// <summary>SIGNEXTEND(b, x): extend the sign bit of byte b (counted from the least significant) over the higher bytes; b ≥ 31 leaves x unchanged.</summary>
    public static void SignExtend(ExecutionFrame f)
    {
        ref UInt256 b = ref f.Stack.Pop();
        ref UInt256 x = ref f.Stack.Top;
        UInt256.SignExtend(in b, in x, out x);
    }
}
