using AgentChain.Inference.Reproducible;
using Xunit.Abstractions;

namespace AgentChain.Inference.Tests;

/// <summary>
/// The float32 tanh of the reproducible backend: its error against double-precision tanh over every float, and the
/// same bits from every vector width and the scalar function.
/// </summary>
public sealed class FloatTanhTests(ITestOutputHelper output)
{
    private const int Chunk = 1 << 16;

    [Fact]
    public void EveryFloat_IsWithinTheStatedUlpsOfDoubleTanh_AndOddBitForBit()
    {
        // Every non-negative bit pattern from +0 through +infinity (NaNs are checked below), in chunks over the cores.
        // Double tanh is called for 2^-12 <= x < 10; outside, the correctly rounded float tanh is known and the function
        // must return exactly it: below 2^-12, tanh(x) = x(1 - d) with 0 <= d < x^2/3 < 2^-25 (less than half an ulp
        // relative), so it rounds to x; from 10 up, 1 - tanh(x) < 2e^-20 < 2^-25, so it rounds to 1.
        const uint last = 0x7F800000, tiny = 0x39800000, saturated = 0x41200000; // +infinity, 2^-12, 10f
        int chunks = (int)(last / Chunk) + 1;
        var results = new (double Worst, float At, long NotCorrectlyRounded, string? Failure)[chunks];
        Parallel.For(0, chunks, c => results[c] = CheckChunk((uint)c * Chunk, (int)Math.Min(Chunk, last - (uint)c * Chunk + 1), tiny, saturated));

        Assert.Null(results.Select(r => r.Failure).FirstOrDefault(f => f is not null));
        var worst = results.MaxBy(r => r.Worst);
        output.WriteLine($"max error {worst.Worst:F4} ulp at x = {worst.At:R}; {results.Sum(r => r.NotCorrectlyRounded)} of 2^31 non-negative inputs not correctly rounded");
        Assert.True(worst.Worst <= FloatTanh.MaxUlpError, $"max error {worst.Worst:F4} ulp at x = {worst.At:R} (tanh {Math.Tanh(worst.At):R}), stated {FloatTanh.MaxUlpError}");
        // The bound is tight: stating a much larger one than measured would hide a regression.
        Assert.True(worst.Worst > FloatTanh.MaxUlpError - 0.25, $"max error {worst.Worst:F4} ulp is far below the stated {FloatTanh.MaxUlpError}: tighten MaxUlpError");
    }

    private static (double Worst, float At, long NotCorrectlyRounded, string? Failure) CheckChunk(uint start, int count, uint tiny, uint saturated)
    {
        var x = new float[count];
        var negated = new float[count];
        for (int i = 0; i < count; i++)
        {
            x[i] = BitConverter.UInt32BitsToSingle(start + (uint)i);
            negated[i] = -x[i];
        }
        var y = new float[count];
        var yNegated = new float[count];
        FloatTanh.Apply(x, y);
        FloatTanh.Apply(negated, yNegated);
        double worst = 0;
        float at = 0;
        long notCorrectlyRounded = 0;
        for (int i = 0; i < count; i++)
        {
            if (BitConverter.SingleToUInt32Bits(yNegated[i]) != (BitConverter.SingleToUInt32Bits(y[i]) ^ 0x80000000u))
                return (worst, at, notCorrectlyRounded, $"tanh(-{x[i]:R}) = {yNegated[i]:R} is not -tanh({x[i]:R}) = {-y[i]:R}");
            if (start + (uint)i < tiny)
            {
                if (BitConverter.SingleToUInt32Bits(y[i]) != BitConverter.SingleToUInt32Bits(x[i])) return (worst, at, notCorrectlyRounded, $"tanh({x[i]:R}) = {y[i]:R}, expected x itself");
                continue;
            }
            if (start + (uint)i >= saturated)
            {
                if (y[i] != 1f) return (worst, at, notCorrectlyRounded, $"tanh({x[i]:R}) = {y[i]:R}, expected 1");
                continue;
            }
            double reference = Math.Tanh(x[i]);
            if (y[i] == (float)reference) continue;
            notCorrectlyRounded++;
            double error = Math.Abs(y[i] - reference) / UlpOfFloatNear(reference);
            if (error > worst)
            {
                worst = error;
                at = x[i];
            }
        }
        return (worst, at, notCorrectlyRounded, null);
    }

    [Fact]
    public void EveryVectorWidthAndTheScalarFunction_GiveTheSameBits()
    {
        var inputs = new List<float>
        {
            0f, -0f, float.NaN, -float.NaN, BitConverter.UInt32BitsToSingle(0x7FC12345), float.PositiveInfinity, float.NegativeInfinity,
            float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue, 1e-30f, 0.75f, -0.75f, 10f, -10f, 9.01f, 1e6f,
        };
        // Both binades the polynomial/exp boundary and the saturation clamp sit in, densely; the range reduction's
        // rounding points; a wide random sweep.
        for (uint bits = BitConverter.SingleToUInt32Bits(0.5f); bits < BitConverter.SingleToUInt32Bits(1f); bits += 3) inputs.Add(BitConverter.UInt32BitsToSingle(bits));
        for (uint bits = BitConverter.SingleToUInt32Bits(8f); bits < BitConverter.SingleToUInt32Bits(16f); bits += 61) inputs.Add(-BitConverter.UInt32BitsToSingle(bits));
        for (int m = 1; m < 60; m++) inputs.Add((float)((m + 0.5) * Math.Log(2) / 2));
        inputs.AddRange(TestModels.Values(300_000, 5, 12f));
        inputs.AddRange(TestModels.Values(100_000, 6, 0.8f));

        for (int offset = 0; offset < 16; offset += 5) // different splits between the vector loops and the scalar tail
        {
            float[] x = inputs.Skip(offset).ToArray();
            float[] widest = Run(x, 512);
            foreach (int bits in new[] { 256, 128, 0 })
            {
                float[] y = Run(x, bits);
                for (int i = 0; i < x.Length; i++)
                    if (BitConverter.SingleToUInt32Bits(y[i]) != BitConverter.SingleToUInt32Bits(widest[i]))
                        Assert.Fail($"tanh({x[i]:R}) [bits {BitConverter.SingleToUInt32Bits(x[i]):X8}]: {bits}-bit path {y[i]:R}, widest {widest[i]:R}");
            }
            for (int i = 0; i < x.Length; i += 7)
                Assert.True(BitConverter.SingleToUInt32Bits(FloatTanh.Scalar(x[i])) == BitConverter.SingleToUInt32Bits(widest[i]), $"tanh({x[i]:R}): scalar differs");
        }
    }

    [Fact]
    public void SpecialValues_FollowIeeeTanh()
    {
        float[] x = [0f, -0f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, BitConverter.UInt32BitsToSingle(0xFFC01234), float.Epsilon, -1e-20f, 9.02f, -50f, float.MaxValue];
        var y = new float[x.Length];
        FloatTanh.Apply(x, y);
        Assert.Equal(0x00000000u, BitConverter.SingleToUInt32Bits(y[0]));
        Assert.Equal(0x80000000u, BitConverter.SingleToUInt32Bits(y[1]));
        Assert.Equal(1f, y[2]);
        Assert.Equal(-1f, y[3]);
        Assert.Equal(BitConverter.SingleToUInt32Bits(x[4]), BitConverter.SingleToUInt32Bits(y[4])); // a NaN comes back as itself
        Assert.Equal(0xFFC01234u, BitConverter.SingleToUInt32Bits(y[5]));
        Assert.Equal(float.Epsilon, y[6]); // tanh(x) = x below float resolution, subnormals included
        Assert.Equal(-1e-20f, y[7]);
        Assert.Equal(1f, y[8]);
        Assert.Equal(-1f, y[9]);
        Assert.Equal(1f, y[10]);
    }

    [Fact]
    public void ShortOutput_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => FloatTanh.Apply(new float[17], new float[16]));
    }

    private static float[] Run(float[] x, int maxVectorBits)
    {
        var y = new float[x.Length];
        FloatTanh.Apply(x, y, maxVectorBits);
        return y;
    }

    /// <summary>The spacing of floats at |v| (a double): 2^(exponent − 23), or the subnormal spacing 2^−149 below 2^−126.</summary>
    private static double UlpOfFloatNear(double v) => Math.ScaleB(1.0, Math.Max(Math.ILogB(Math.Abs(v)), -126) - 23);
}
