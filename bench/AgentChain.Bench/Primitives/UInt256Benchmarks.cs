using AgentChain.Core.Numerics;
using BenchmarkDotNet.Attributes;

namespace AgentChain.Bench.Primitives;

/// <summary>
/// The EVM word's costliest operations, one call per benchmark invocation through the interpreter's hot-path
/// form (in operands, out result), so the reported mean is nanoseconds per operation. Operands live in fields
/// so nothing is constant-folded.
/// </summary>
[MemoryDiagnoser]
public class UInt256Benchmarks
{
    // Full-width operands with no special structure.
    private UInt256 _a = UInt256.Parse("0xfedcba9876543210f0e1d2c3b4a5968778695a4b3c2d1e0f0123456789abcdef");
    private UInt256 _b = UInt256.Parse("0x9e3779b97f4a7c15f39cc0605cedc8341082276bf3a27251f86c6a11d0c18e95");

    // ~136 bits: three limbs, so DIV takes the general Knuth D path with a two-limb quotient.
    private UInt256 _divisor = UInt256.Parse("0xd1b54a32d192ed03aef17ba4e61a7b9c4d");

    // Below 2^64: the 256/64 limb-by-limb path.
    private UInt256 _smallDivisor = new(0x9e37_79b9_7f4a_7c15);

    // A 4-limb modulus: MULMOD reduces a 512-bit product by Knuth D with an 8-limb dividend.
    private UInt256 _modulus = UInt256.Parse("0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47");

    [Benchmark]
    public UInt256 Add()
    {
        UInt256.Add(in _a, in _b, out UInt256 res);
        return res;
    }

    [Benchmark]
    public UInt256 Mul()
    {
        UInt256.Multiply(in _a, in _b, out UInt256 res);
        return res;
    }

    [Benchmark]
    public UInt256 Div()
    {
        UInt256.Divide(in _a, in _divisor, out UInt256 res);
        return res;
    }

    [Benchmark]
    public UInt256 DivSmall()
    {
        UInt256.Divide(in _a, in _smallDivisor, out UInt256 res);
        return res;
    }

    [Benchmark]
    public UInt256 MulMod()
    {
        UInt256.MulMod(in _a, in _b, in _modulus, out UInt256 res);
        return res;
    }
}
