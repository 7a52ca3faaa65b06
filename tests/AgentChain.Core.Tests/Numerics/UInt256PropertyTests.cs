using System.Numerics;
using AgentChain.Core.Numerics;
using static AgentChain.Core.Tests.Numerics.UInt256PropertyRunner;
using Ref = AgentChain.Core.Tests.Numerics.UInt256Reference;

namespace AgentChain.Core.Tests.Numerics;

/// <summary>
/// Every word operation against the BigInteger model on ≥ 100,000 edge and random operand sets each. Each
/// check also runs the by-value overload, the operator where there is one, and the `out` overload with the
/// output aliasing the first input (the interpreter writes results into the operand's stack slot).
/// </summary>
public class UInt256PropertyTests
{
    private static (UInt256, UInt256) AnyPair(UInt256Generator g) => (g.Next(), g.Next());

    private static (UInt256, UInt256) DivisionPair(UInt256Generator g) => g.NextDivisionPair();

    /// <summary>Mostly 0..300 (every regime around 64-bit limb edges and 256), sometimes any word (huge).</summary>
    private static (UInt256, UInt256) ShiftPair(UInt256Generator g) =>
        (g.Next(), g.NextInt(4) == 0 ? g.Next() : new UInt256((ulong)g.NextInt(301)));

    /// <summary>Mostly 0..40 (both sides of 31/32), sometimes any word.</summary>
    private static (UInt256, UInt256) BytePositionPair(UInt256Generator g) =>
        (g.NextInt(4) == 0 ? g.Next() : new UInt256((ulong)g.NextInt(41)), g.Next());

    private static (UInt256, UInt256, UInt256) ModularTriple(UInt256Generator g)
    {
        (UInt256 a, UInt256 m) = g.NextDivisionPair();
        return g.NextInt(2) == 0 ? (a, g.Next(), m) : (g.Next(), a, m);
    }

    [Fact]
    public void Add() => ForPairs("ADD", AnyPair, (a, b) =>
    {
        UInt256 expected = Ref.Add(a, b);
        bool overflow = UInt256.AddOverflow(in a, in b, out UInt256 checkedSum);
        UInt256 x = a;
        UInt256.Add(in x, in b, out x);
        return All(Compare(expected, UInt256.Add(a, b)), Compare(expected, a + b), Compare(expected, x, "aliased"),
            Compare(expected, checkedSum, "AddOverflow result"),
            Compare(Ref.Big(a) + Ref.Big(b) >= Ref.Modulus, overflow, "AddOverflow flag"));
    });

    [Fact]
    public void Subtract() => ForPairs("SUB", AnyPair, (a, b) =>
    {
        UInt256 expected = Ref.Subtract(a, b);
        bool underflow = UInt256.SubtractUnderflow(in a, in b, out UInt256 checkedDifference);
        UInt256 x = a;
        UInt256.Subtract(in x, in b, out x);
        return All(Compare(expected, UInt256.Subtract(a, b)), Compare(expected, a - b), Compare(expected, x, "aliased"),
            Compare(expected, checkedDifference, "SubtractUnderflow result"),
            Compare(b > a, underflow, "SubtractUnderflow flag"));
    });

    [Fact]
    public void Multiply() => ForPairs("MUL", AnyPair, (a, b) =>
    {
        UInt256 expected = Ref.Multiply(a, b);
        bool overflow = UInt256.MultiplyOverflow(in a, in b, out UInt256 checkedProduct);
        UInt256 x = a;
        UInt256.Multiply(in x, in b, out x);
        UInt256 y = b;
        UInt256.Multiply(in a, in y, out y);
        return All(Compare(expected, UInt256.Multiply(a, b)), Compare(expected, a * b), Compare(expected, x, "aliased a"),
            Compare(expected, y, "aliased b"), Compare(expected, checkedProduct, "MultiplyOverflow result"),
            Compare(Ref.Big(a) * Ref.Big(b) >= Ref.Modulus, overflow, "MultiplyOverflow flag"));
    });

    [Fact]
    public void Divide() => ForPairs("DIV", DivisionPair, (a, b) =>
    {
        UInt256 expected = Ref.Divide(a, b);
        UInt256 x = a;
        UInt256.Divide(in x, in b, out x);
        UInt256 y = b;
        UInt256.Divide(in a, in y, out y);
        return All(Compare(expected, UInt256.Divide(a, b)), Compare(expected, x, "aliased a"), Compare(expected, y, "aliased b"),
            b.IsZero ? null : Compare(expected, a / b, "operator /"));
    });

    [Fact]
    public void Modulo() => ForPairs("MOD", DivisionPair, (a, b) =>
    {
        UInt256 expected = Ref.Modulo(a, b);
        UInt256 x = a;
        UInt256.Modulo(in x, in b, out x);
        UInt256 y = b;
        UInt256.Modulo(in a, in y, out y);
        UInt256.DivRem(in a, in b, out UInt256 quotient, out UInt256 remainder);
        return All(Compare(expected, UInt256.Modulo(a, b)), Compare(expected, x, "aliased a"), Compare(expected, y, "aliased b"),
            b.IsZero ? null : Compare(expected, a % b, "operator %"),
            Compare(expected, remainder, "DivRem remainder"), Compare(Ref.Divide(a, b), quotient, "DivRem quotient"));
    });

    /// <summary>Divisors 2^0 … 2^255 take a shift-and-mask path of their own; the dividends are any words.</summary>
    private static (UInt256, UInt256) PowerOfTwoDivisionPair(UInt256Generator g) =>
        (g.Next(), UInt256.One << g.NextInt(256));

    [Fact]
    public void DivideAndModuloByPowersOfTwo() => ForPairs("DIV/MOD by 2^k", PowerOfTwoDivisionPair, (a, b) =>
    {
        UInt256 x = a, y = b, z = b;
        UInt256.Divide(in x, in b, out x);
        UInt256.Divide(in a, in y, out y);
        UInt256.Modulo(in a, in z, out z);
        UInt256.DivRem(in a, in b, out UInt256 quotient, out UInt256 remainder);
        return All(Compare(Ref.Divide(a, b), x, "quotient, aliased a"), Compare(Ref.Divide(a, b), y, "quotient, aliased b"),
            Compare(Ref.Modulo(a, b), z, "remainder, aliased b"),
            Compare(Ref.Divide(a, b), quotient, "DivRem quotient"), Compare(Ref.Modulo(a, b), remainder, "DivRem remainder"));
    });

    [Fact]
    public void SignedDivide() => ForPairs("SDIV", DivisionPair, (a, b) =>
    {
        // Division pairs are built from magnitudes; flip signs so all four sign combinations appear.
        UInt256 expected = Ref.SignedDivide(a, b);
        UInt256 x = a;
        UInt256.SignedDivide(in x, in b, out x);
        UInt256 na = UInt256.Negate(a), nb = UInt256.Negate(b);
        return All(Compare(expected, UInt256.SignedDivide(a, b)), Compare(expected, x, "aliased"),
            Compare(Ref.SignedDivide(na, b), UInt256.SignedDivide(na, b), "-a"),
            Compare(Ref.SignedDivide(a, nb), UInt256.SignedDivide(a, nb), "-b"),
            Compare(Ref.SignedDivide(na, nb), UInt256.SignedDivide(na, nb), "-a, -b"));
    });

    [Fact]
    public void SignedModulo() => ForPairs("SMOD", DivisionPair, (a, b) =>
    {
        UInt256 expected = Ref.SignedModulo(a, b);
        UInt256 x = a;
        UInt256.SignedModulo(in x, in b, out x);
        UInt256 na = UInt256.Negate(a), nb = UInt256.Negate(b);
        return All(Compare(expected, UInt256.SignedModulo(a, b)), Compare(expected, x, "aliased"),
            Compare(Ref.SignedModulo(na, b), UInt256.SignedModulo(na, b), "-a"),
            Compare(Ref.SignedModulo(a, nb), UInt256.SignedModulo(a, nb), "-b"),
            Compare(Ref.SignedModulo(na, nb), UInt256.SignedModulo(na, nb), "-a, -b"));
    });

    /// <summary>Both operands below the modulus (field arithmetic): the path without a division. Moduli of every width, many near 2^256 so the sum carries.</summary>
    private static (UInt256, UInt256, UInt256) ReducedModularTriple(UInt256Generator g)
    {
        UInt256 m = g.NextInt(2) == 0 ? g.Next() : UInt256.MaxValue - new UInt256((ulong)g.NextInt(1000));
        if (m.IsZero) m = UInt256.One;
        return (UInt256.Modulo(g.Next(), m), UInt256.Modulo(g.Next(), m), m);
    }

    [Fact]
    public void AddMod_of_reduced_operands() => ForTriples("ADDMOD reduced", ReducedModularTriple, (a, b, m) =>
    {
        UInt256 expected = Ref.AddMod(a, b, m);
        UInt256 x = m, y = a;
        UInt256.AddMod(in a, in b, in x, out x);
        UInt256.AddMod(in y, in b, in m, out y);
        return All(Compare(expected, UInt256.AddMod(a, b, m)), Compare(expected, x, "aliased m"), Compare(expected, y, "aliased a"));
    });

    /// <summary>Field-style MULMOD: reduced operands, moduli of every width including full-width ones with the top bit set (no normalising shift).</summary>
    [Fact]
    public void MulMod_of_reduced_operands() => ForTriples("MULMOD reduced", ReducedModularTriple, (a, b, m) =>
    {
        UInt256 expected = Ref.MulMod(a, b, m);
        UInt256 x = m, y = a;
        UInt256.MulMod(in a, in b, in x, out x);
        UInt256.MulMod(in y, in b, in m, out y);
        return All(Compare(expected, UInt256.MulMod(a, b, m)), Compare(expected, x, "aliased m"), Compare(expected, y, "aliased a"));
    });

    [Fact]
    public void AddMod() => ForTriples("ADDMOD", ModularTriple, (a, b, m) =>
    {
        UInt256 expected = Ref.AddMod(a, b, m);
        UInt256 x = m;
        UInt256.AddMod(in a, in b, in x, out x);
        UInt256 big = UInt256.MaxValue - a;
        return All(Compare(expected, UInt256.AddMod(a, b, m)), Compare(expected, x, "aliased m"),
            // MaxValue - a + b overflows whenever b > a: the 257th bit must count.
            Compare(Ref.AddMod(big, b, m), UInt256.AddMod(big, b, m), "257-bit sum"));
    });

    [Fact]
    public void MulMod() => ForTriples("MULMOD", ModularTriple, (a, b, m) =>
    {
        UInt256 expected = Ref.MulMod(a, b, m);
        UInt256 x = a;
        UInt256.MulMod(in x, in b, in m, out x);
        return All(Compare(expected, UInt256.MulMod(a, b, m)), Compare(expected, x, "aliased a"));
    });

    [Fact]
    public void Exp() => ForPairs("EXP", g =>
    {
        UInt256 @base = g.Next();
        // Mostly small exponents (cheap, and where off-by-one bugs in the bit loop show), a tenth full-width
        // ones: those cost ~512 multiplications each here and in BigInteger.ModPow.
        UInt256 exponent = g.NextInt(10) switch
        {
            < 5 => new UInt256((ulong)g.NextInt(300)),
            < 9 => g.Next() >> (192 + g.NextInt(64)),
            _ => g.Next(),
        };
        return (@base, exponent);
    }, (b, e) =>
    {
        UInt256 expected = Ref.Exp(b, e);
        UInt256 x = b;
        UInt256.Exp(in x, in e, out x);
        return All(Compare(expected, UInt256.Exp(b, e)), Compare(expected, x, "aliased"));
    });

    [Fact]
    public void SignExtend() => ForPairs("SIGNEXTEND", BytePositionPair, (i, v) =>
    {
        UInt256 expected = Ref.SignExtend(i, v);
        UInt256 x = v;
        UInt256.SignExtend(in i, in x, out x);
        return All(Compare(expected, UInt256.SignExtend(i, v)), Compare(expected, x, "aliased"));
    });

    [Fact]
    public void Byte() => ForPairs("BYTE", BytePositionPair, (i, v) =>
    {
        UInt256 expected = Ref.Byte(i, v);
        UInt256 x = v;
        UInt256.Byte(in i, in x, out x);
        return All(Compare(expected, UInt256.Byte(i, v)), Compare(expected, x, "aliased"));
    });

    [Fact]
    public void ShiftLeft() => ForPairs("SHL", ShiftPair, (v, s) =>
    {
        UInt256 expected = Ref.ShiftLeft(v, Ref.Big(s));
        UInt256 x = v;
        UInt256.ShiftLeft(in x, in s, out x);
        string? intForms = s.TryGetUInt64(out ulong small) && small <= int.MaxValue
            ? All(Compare(expected, UInt256.ShiftLeft(v, (int)small), "int overload"), Compare(expected, v << (int)small, "operator <<"))
            : null;
        return All(Compare(expected, UInt256.ShiftLeft(v, s)), Compare(expected, x, "aliased"), intForms);
    });

    [Fact]
    public void ShiftRight() => ForPairs("SHR", ShiftPair, (v, s) =>
    {
        UInt256 expected = Ref.ShiftRight(v, Ref.Big(s));
        UInt256 x = v;
        UInt256.ShiftRight(in x, in s, out x);
        string? intForms = s.TryGetUInt64(out ulong small) && small <= int.MaxValue
            ? All(Compare(expected, UInt256.ShiftRight(v, (int)small), "int overload"), Compare(expected, v >> (int)small, "operator >>"))
            : null;
        return All(Compare(expected, UInt256.ShiftRight(v, s)), Compare(expected, x, "aliased"), intForms);
    });

    [Fact]
    public void ArithmeticShiftRight() => ForPairs("SAR", ShiftPair, (v, s) =>
    {
        UInt256 expected = Ref.ArithmeticShiftRight(v, Ref.Big(s));
        UInt256 x = v;
        UInt256.ArithmeticShiftRight(in x, in s, out x);
        string? intForm = s.TryGetUInt64(out ulong small) && small <= int.MaxValue
            ? Compare(expected, UInt256.ArithmeticShiftRight(v, (int)small), "int overload")
            : null;
        return All(Compare(expected, UInt256.ArithmeticShiftRight(v, s)), Compare(expected, x, "aliased"), intForm);
    });

    [Fact]
    public void BitwiseLogic() => ForPairs("AND/OR/XOR/NOT", AnyPair, (a, b) =>
    {
        UInt256.And(in a, in b, out UInt256 and);
        UInt256.Or(in a, in b, out UInt256 or);
        UInt256.Xor(in a, in b, out UInt256 xor);
        UInt256.Not(in a, out UInt256 not);
        return All(
            Compare(Ref.And(a, b), and, "AND"), Compare(Ref.And(a, b), a & b, "operator &"), Compare(Ref.And(a, b), UInt256.And(a, b), "And"),
            Compare(Ref.Or(a, b), or, "OR"), Compare(Ref.Or(a, b), a | b, "operator |"), Compare(Ref.Or(a, b), UInt256.Or(a, b), "Or"),
            Compare(Ref.Xor(a, b), xor, "XOR"), Compare(Ref.Xor(a, b), a ^ b, "operator ^"), Compare(Ref.Xor(a, b), UInt256.Xor(a, b), "Xor"),
            Compare(Ref.Not(a), not, "NOT"), Compare(Ref.Not(a), ~a, "operator ~"), Compare(Ref.Not(a), UInt256.Not(a), "Not"));
    });

    [Fact]
    public void SignedComparisons() => ForPairs("SLT/SGT", AnyPair, (a, b) =>
    {
        BigInteger sa = Ref.Signed(a), sb = Ref.Signed(b);
        return All(
            Compare(sa < sb, UInt256.SignedLessThan(in a, in b), "SLT"),
            Compare(sa > sb, UInt256.SignedGreaterThan(in a, in b), "SGT"),
            Compare(sa < 0, a.IsNegative, "IsNegative"),
            Compare(Ref.Big(a) < Ref.Big(b), a < b, "unsigned <"),
            Compare(Math.Sign(Ref.Big(a).CompareTo(Ref.Big(b))) == Math.Sign(a.CompareTo(b)), true, "CompareTo"));
    });

    [Fact]
    public void NegateIncrementAndCounting() => ForPairs("NEG/INC/DEC/CLZ/MIN/MAX", AnyPair, (a, b) =>
    {
        UInt256 x = a;
        UInt256.Negate(in x, out x);
        UInt256 incremented = a, decremented = a;
        incremented++;
        decremented--;
        return All(
            Compare(Ref.Negate(a), UInt256.Negate(a), "Negate"), Compare(Ref.Negate(a), -a, "unary -"),
            Compare(Ref.Negate(a), x, "aliased Negate"),
            Compare(Ref.Add(a, UInt256.One), incremented, "++"), Compare(Ref.Subtract(a, UInt256.One), decremented, "--"),
            Compare(256 - (int)Ref.Big(a).GetBitLength() == a.CountLeadingZeros, true, "CountLeadingZeros"),
            Compare(Ref.Big(a) <= Ref.Big(b) ? a : b, UInt256.Min(a, b), "Min"),
            Compare(Ref.Big(a) >= Ref.Big(b) ? a : b, UInt256.Max(a, b), "Max"));
    });
}
