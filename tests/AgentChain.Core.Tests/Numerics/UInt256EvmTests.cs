using AgentChain.Core.Numerics;

namespace AgentChain.Core.Tests.Numerics;

/// <summary>Named EVM edge cases (Yellow Paper, EIP-145 examples) and regressions found by the property tests.</summary>
public class UInt256EvmTests
{
    private static readonly UInt256 Max = UInt256.MaxValue;
    private static readonly UInt256 MinSigned = UInt256.One << 255; // -2^255
    private static readonly UInt256 MinusOne = UInt256.MaxValue;

    private static UInt256 Minus(ulong magnitude) => UInt256.Negate(new UInt256(magnitude));

    private static UInt256 H(string hex) => UInt256.Parse(hex);

    [Fact]
    public void SignedDivideOverflowCaseYieldsMinSigned()
    {
        // -2^255 / -1 = 2^255 does not fit; the Yellow Paper defines the result as -2^255.
        Assert.Equal(MinSigned, UInt256.SignedDivide(MinSigned, MinusOne));
        UInt256.SignedDivide(in MinSigned, in MinusOne, out UInt256 res);
        Assert.Equal(MinSigned, res);
        Assert.Equal(UInt256.Zero, UInt256.SignedModulo(MinSigned, MinusOne));
    }

    [Fact]
    public void SignedDivideAndModuloTruncateTowardZero()
    {
        Assert.Equal(Minus(3), UInt256.SignedDivide(Minus(7), new UInt256(2)));
        Assert.Equal(Minus(3), UInt256.SignedDivide(new UInt256(7), Minus(2)));
        Assert.Equal(new UInt256(3), UInt256.SignedDivide(Minus(7), Minus(2)));
        Assert.Equal(Minus(1), UInt256.SignedModulo(Minus(7), new UInt256(2)));  // sign of the dividend
        Assert.Equal(new UInt256(1), UInt256.SignedModulo(new UInt256(7), Minus(2)));
        Assert.Equal(Minus(2), UInt256.SignedModulo(Minus(8), Minus(3)));
        Assert.Equal(UInt256.Zero, UInt256.SignedDivide(Minus(7), UInt256.Zero));
        Assert.Equal(UInt256.Zero, UInt256.SignedModulo(Minus(7), UInt256.Zero));
    }

    [Fact]
    public void DivisionByZeroIsZeroForEvmOpsAndThrowsForOperators()
    {
        UInt256 x = H("0x1234567890abcdef1234567890abcdef");
        Assert.Equal(UInt256.Zero, UInt256.Divide(x, UInt256.Zero));
        Assert.Equal(UInt256.Zero, UInt256.Modulo(x, UInt256.Zero));
        Assert.Equal(UInt256.Zero, UInt256.AddMod(x, x, UInt256.Zero));
        Assert.Equal(UInt256.Zero, UInt256.MulMod(x, x, UInt256.Zero));
        Assert.Throws<DivideByZeroException>(() => x / UInt256.Zero);
        Assert.Throws<DivideByZeroException>(() => x % UInt256.Zero);
    }

    [Theory]
    [InlineData("0x0", "0xff", "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [InlineData("0x0", "0x7f", "0x7f")]
    [InlineData("0x0", "0x12ff", "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")] // bits above byte 0 are replaced
    [InlineData("0x0", "0x127f", "0x7f")]
    [InlineData("0x1", "0x8000", "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff8000")]
    [InlineData("0x1", "0xab7fff", "0x7fff")]
    [InlineData("0x7", "0x8000000000000000", "0xffffffffffffffffffffffffffffffffffffffffffffffff8000000000000000")] // sign bit is a limb's top bit
    [InlineData("0x8", "0x80000000000000000", "0x80000000000000000")] // bit 71 is the sign, and it is clear
    [InlineData("0x1e", "0x80000000000000000000000000000000000000000000000000000000000000", "0xff80000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0x1f", "0x8000000000000000000000000000000000000000000000000000000000000001", "0x8000000000000000000000000000000000000000000000000000000000000001")]
    [InlineData("0x20", "0xff", "0xff")]
    [InlineData("0x10000000000000000", "0xff", "0xff")] // b ≥ 2^64 leaves x unchanged too
    public void SignExtendExamples(string b, string x, string expected) =>
        Assert.Equal(H(expected), UInt256.SignExtend(H(b), H(x)));

    [Fact]
    public void ByteCountsFromTheMostSignificantEnd()
    {
        UInt256 x = H("0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");
        for (ulong i = 0; i < 32; i++)
            Assert.Equal(new UInt256(i + 1), UInt256.Byte(new UInt256(i), x));
        Assert.Equal(UInt256.Zero, UInt256.Byte(new UInt256(32), x));
        Assert.Equal(UInt256.Zero, UInt256.Byte(new UInt256(0, 1), x));
        Assert.Equal(UInt256.Zero, UInt256.Byte(Max, x));
    }

    // EIP-145's test vectors.
    [Theory]
    [InlineData("0x1", "0x00", "0x1")]
    [InlineData("0x1", "0xff", "0x8000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0x1", "0x100", "0x0")]
    [InlineData("0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "0x01", "0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe")]
    [InlineData("0x0", "0x01", "0x0")]
    public void ShiftLeftEip145(string value, string shift, string expected) =>
        Assert.Equal(H(expected), UInt256.ShiftLeft(H(value), H(shift)));

    [Theory]
    [InlineData("0x8000000000000000000000000000000000000000000000000000000000000000", "0x01", "0x4000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0x8000000000000000000000000000000000000000000000000000000000000000", "0xff", "0x1")]
    [InlineData("0x8000000000000000000000000000000000000000000000000000000000000000", "0x100", "0x0")]
    [InlineData("0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "0x101", "0x0")]
    public void ShiftRightEip145(string value, string shift, string expected) =>
        Assert.Equal(H(expected), UInt256.ShiftRight(H(value), H(shift)));

    [Theory]
    [InlineData("0x8000000000000000000000000000000000000000000000000000000000000000", "0x01", "0xc000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0x8000000000000000000000000000000000000000000000000000000000000000", "0xff", "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [InlineData("0x8000000000000000000000000000000000000000000000000000000000000000", "0x100", "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [InlineData("0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "0x100", "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [InlineData("0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "0x01", "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [InlineData("0x4000000000000000000000000000000000000000000000000000000000000000", "0xfe", "0x1")]
    [InlineData("0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "0xf8", "0x7f")]
    [InlineData("0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "0x100", "0x0")]
    [InlineData("0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff9", "0x01", "0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffc")] // -7 >> 1 = -4 (floor)
    public void ArithmeticShiftRightEip145(string value, string shift, string expected) =>
        Assert.Equal(H(expected), UInt256.ArithmeticShiftRight(H(value), H(shift)));

    [Fact]
    public void IntShiftsOfNegativeOrAtLeast256GiveZeroOrSign()
    {
        Assert.Equal(UInt256.Zero, Max << 256);
        Assert.Equal(UInt256.Zero, Max >> 256);
        Assert.Equal(UInt256.Zero, Max << -1);
        Assert.Equal(UInt256.Zero, Max >> int.MinValue);
        Assert.Equal(Max, UInt256.ArithmeticShiftRight(MinSigned, -1));
        Assert.Equal(UInt256.Zero, UInt256.ArithmeticShiftRight(new UInt256(5), 1000));
        Assert.Equal(UInt256.One, Max >> 255);
    }

    [Fact]
    public void SignedComparisonsOrderNegativesBelowPositives()
    {
        Assert.True(UInt256.SignedLessThan(MinusOne, UInt256.Zero));
        Assert.True(UInt256.SignedLessThan(MinSigned, MinusOne));
        Assert.True(UInt256.SignedGreaterThan(MinSigned - UInt256.One, MinSigned)); // 2^255 - 1 is the largest
        Assert.False(UInt256.SignedLessThan(UInt256.One, UInt256.One));
        Assert.True(MinSigned.IsNegative);
        Assert.False((MinSigned - UInt256.One).IsNegative);
    }

    [Fact]
    public void ModularOpsUseTheFullIntermediate()
    {
        Assert.Equal(UInt256.One, UInt256.AddMod(Max, new UInt256(2), new UInt256(2)));   // 2^256 + 1 is odd
        Assert.Equal(UInt256.Zero, UInt256.AddMod(Max, Max, Max));
        Assert.Equal(new UInt256(2), UInt256.AddMod(Max, new UInt256(2), Max));         // 2^256 + 1 = (2^256 - 1) + 2
        Assert.Equal(UInt256.Zero, UInt256.MulMod(Max, Max, Max));
        Assert.Equal(UInt256.One, UInt256.MulMod(MinSigned, new UInt256(2), Max));          // 2^256 mod (2^256 - 1) = 1
        Assert.Equal(UInt256.One, UInt256.MulMod(Max, Max, new UInt256(2)));
        Assert.Equal(UInt256.Zero, UInt256.MulMod(Max, Max, UInt256.One));
    }

    [Fact]
    public void ExpWrapsAndHandlesTrivialExponents()
    {
        Assert.Equal(MinSigned, UInt256.Exp(new UInt256(2), new UInt256(255)));
        Assert.Equal(UInt256.Zero, UInt256.Exp(new UInt256(2), new UInt256(256)));
        Assert.Equal(UInt256.One, UInt256.Exp(UInt256.Zero, UInt256.Zero)); // EVM: 0^0 = 1
        Assert.Equal(UInt256.Zero, UInt256.Exp(UInt256.Zero, Max));
        Assert.Equal(UInt256.One, UInt256.Exp(MinusOne, new UInt256(2)));
        Assert.Equal(MinusOne, UInt256.Exp(MinusOne, Max));
        Assert.Equal(new UInt256(1_000_000_000_000_000_000), UInt256.Exp(new UInt256(10), new UInt256(18)));
    }

    [Fact]
    public void CheckedHelpersReportOverflow()
    {
        Assert.True(UInt256.AddOverflow(Max, UInt256.One, out UInt256 sum));
        Assert.Equal(UInt256.Zero, sum);
        Assert.False(UInt256.AddOverflow(Max - UInt256.One, UInt256.One, out sum));
        Assert.Equal(Max, sum);
        Assert.True(UInt256.SubtractUnderflow(UInt256.Zero, UInt256.One, out UInt256 difference));
        Assert.Equal(Max, difference);
        Assert.False(UInt256.SubtractUnderflow(UInt256.One, UInt256.One, out difference));
        Assert.True(UInt256.MultiplyOverflow(UInt256.One << 128, UInt256.One << 128, out UInt256 product));
        Assert.Equal(UInt256.Zero, product);
        Assert.False(UInt256.MultiplyOverflow(UInt256.One << 127, UInt256.One << 128, out product));
        Assert.Equal(MinSigned, product);
    }

    [Fact]
    public void IncrementAndDecrementWrap()
    {
        UInt256 x = Max;
        x++;
        Assert.Equal(UInt256.Zero, x);
        x--;
        Assert.Equal(Max, x);
        Assert.Equal(UInt256.Zero, -UInt256.Zero);
        Assert.Equal(MinSigned, -MinSigned);
    }

    // Found by the property tests: the divisor-add-back step (Knuth D6) was skipped when the borrow out of the
    // top limb came from the running borrow rather than the product's carry.
    [Theory]
    [InlineData("0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa708", "0xffffffff00000000ffffffff00000000ffffffffffffffff00000000", "0x100000000")]
    [InlineData("0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd23", "0x1000000000000000100000000000000018000000000000000", "0xfffffffffffffffe")]
    public void KnuthAddBackRegression(string a, string b, string expectedQuotient)
    {
        UInt256 x = H(a), y = H(b);
        UInt256.DivRem(in x, in y, out UInt256 quotient, out UInt256 remainder);
        Assert.Equal(x.ToBigInteger() / y.ToBigInteger(), quotient.ToBigInteger());
        Assert.Equal(x.ToBigInteger() % y.ToBigInteger(), remainder.ToBigInteger());
        Assert.Equal(H(expectedQuotient), quotient);
        Assert.True(remainder < y);
    }
}
