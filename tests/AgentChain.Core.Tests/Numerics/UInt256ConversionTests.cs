using System.Globalization;
using AgentChain.Core.Numerics;

namespace AgentChain.Core.Tests.Numerics;

/// <summary>Parsing and formatting round trips, narrowing conversions, and the no-allocation promise.</summary>
public class UInt256ConversionTests
{
    private const int RoundTrips = 20_000;

    [Fact]
    public void DecimalHexAndBytesRoundTrip()
    {
        int seed = UInt256PropertyRunner.SeedFor("ROUNDTRIP");
        var generator = new UInt256Generator(seed);
        Span<byte> bytes = stackalloc byte[32];
        for (int i = 0; i < RoundTrips; i++)
        {
            UInt256 value = i < UInt256Generator.EdgeValues.Length ? UInt256Generator.EdgeValues[i] : generator.Next();
            string where = $"case {i} (seed {seed}) value {value.ToHexQuantity()}";

            string decimalText = value.ToString();
            Assert.True(value == UInt256.Parse(decimalText), $"decimal round trip: {where}");
            Assert.Equal(value.ToBigInteger().ToString(CultureInfo.InvariantCulture), decimalText);

            string hex = value.ToHexQuantity();
            Assert.True(value == UInt256.Parse(hex), $"hex round trip: {where}");
            Assert.True(hex == "0x0" || hex[2] != '0', $"hex quantity has no leading zeros: {where}");

            value.WriteBigEndian(bytes);
            Assert.True(value == UInt256.FromBigEndian(bytes), $"big-endian round trip: {where}");
            Assert.True(value == UInt256.FromBigInteger(value.ToBigInteger()), $"BigInteger round trip: {where}");
        }
    }

    [Fact]
    public void ParseRejectsMalformedAndOversizedInput()
    {
        Assert.Throws<FormatException>(() => UInt256.Parse(""));
        Assert.Throws<FormatException>(() => UInt256.Parse("-1"));
        Assert.Throws<FormatException>(() => UInt256.Parse("12a"));
        Assert.Throws<OverflowException>(() => UInt256.Parse("0x1" + new string('0', 64)));
        Assert.Throws<OverflowException>(() => UInt256.Parse("115792089237316195423570985008687907853269984665640564039457584007913129639936"));
        Assert.Equal(UInt256.MaxValue, UInt256.Parse("115792089237316195423570985008687907853269984665640564039457584007913129639935"));
        Assert.False(UInt256.TryParse("0x", out _));
    }

    [Fact]
    public void NarrowingConversionsThrowWhenTheValueDoesNotFit()
    {
        Assert.Equal(uint.MaxValue, (uint)new UInt256(uint.MaxValue));
        Assert.Equal(int.MaxValue, (int)new UInt256(int.MaxValue));
        Assert.Equal(long.MaxValue, (long)new UInt256(long.MaxValue));
        Assert.Equal(ulong.MaxValue, (ulong)new UInt256(ulong.MaxValue));
        Assert.Throws<OverflowException>(() => (uint)new UInt256((ulong)uint.MaxValue + 1));
        Assert.Throws<OverflowException>(() => (int)new UInt256((ulong)int.MaxValue + 1));
        Assert.Throws<OverflowException>(() => (long)new UInt256((ulong)long.MaxValue + 1));
        Assert.Throws<OverflowException>(() => (int)new UInt256(0, 1));
        Assert.Throws<OverflowException>(() => (ulong)new UInt256(0, 0, 0, 1));

        Assert.True(new UInt256(42).TryGetUInt64(out ulong small));
        Assert.Equal(42UL, small);
        Assert.False(new UInt256(42, 1).TryGetUInt64(out ulong none));
        Assert.Equal(0UL, none);
        Assert.Equal(256, UInt256.Zero.CountLeadingZeros);
        Assert.Equal(0, UInt256.MaxValue.CountLeadingZeros);
        Assert.Equal(191, new UInt256(0, 1).CountLeadingZeros);
    }

    [Fact]
    public void WordOperationsDoNotAllocate()
    {
        UInt256 a = UInt256.Parse("0xfedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210");
        UInt256 b = UInt256.Parse("0x8000000000000000123456789abcdef00fedcba987654321");
        UInt256 small = new(0x1234_5678_9abc_def1);
        RunEveryOperation(a, b, small); // JIT and static initialisation first
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
            RunEveryOperation(a, b, small);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    private static UInt256 RunEveryOperation(UInt256 a, UInt256 b, UInt256 small)
    {
        UInt256 acc = a + b;
        acc ^= a - b;
        acc ^= a * b;
        acc ^= UInt256.Divide(a, b);
        acc ^= UInt256.Divide(a, small);
        acc ^= UInt256.Modulo(a, b);
        acc ^= UInt256.SignedDivide(a, b);
        acc ^= UInt256.SignedModulo(a, b);
        acc ^= UInt256.AddMod(a, a, b);
        acc ^= UInt256.MulMod(a, a, b);
        acc ^= UInt256.MulMod(a, a, small);
        acc ^= UInt256.Exp(a, b);
        acc ^= UInt256.SignExtend(new UInt256(9), a);
        acc ^= UInt256.Byte(new UInt256(3), a);
        acc ^= UInt256.ShiftLeft(a, new UInt256(77));
        acc ^= UInt256.ShiftRight(a, new UInt256(77));
        acc ^= UInt256.ArithmeticShiftRight(a, new UInt256(77));
        acc ^= ~a & b | a;
        acc ^= UInt256.SignedLessThan(a, b) ? a : b;
        UInt256.MultiplyOverflow(a, b, out UInt256 product);
        return acc ^ product;
    }
}
