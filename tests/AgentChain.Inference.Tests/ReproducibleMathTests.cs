using AgentChain.Inference.Reproducible;

namespace AgentChain.Inference.Tests;

/// <summary>The libm-free transcendentals are accurate to a few double ulps (so float results round like the platform's).</summary>
public sealed class ReproducibleMathTests
{
    private static IEnumerable<double> Sweep()
    {
        for (double x = -30; x <= 30; x += 0.0137) yield return x;
        foreach (double x in new[] { 0.0, -0.0, 1e-300, 1e-20, 1e-8, -1e-8, 0.5, 1, 2, 88.7, -87.3, 700, -700 }) yield return x;
    }

    private static void Close(double expected, double actual, double relative, string what)
    {
        double error = Math.Abs(actual - expected);
        Assert.True(error <= relative * Math.Abs(expected) || error == 0, $"{what}: {actual:R} vs {expected:R}");
    }

    [Fact]
    public void Exp_Log_Tanh_Sigmoid_MatchTheReferenceClosely()
    {
        foreach (double x in Sweep())
        {
            Close(Math.Exp(x), ReproducibleMath.Exp(x), 4e-16, $"exp({x})");
            Close(Math.Tanh(x), ReproducibleMath.Tanh(x), 8e-16, $"tanh({x})");
            Close(1 / (1 + Math.Exp(-x)), ReproducibleMath.Sigmoid(x), 1e-15, $"sigmoid({x})");
            double y = Math.Abs(x) + 1e-3;
            Close(Math.Log(y), ReproducibleMath.Log(y), 4e-16, $"log({y})");
        }
        Close(Math.Log(5e-320), ReproducibleMath.Log(5e-320), 4e-16, "log(subnormal)");
        Close(Math.Exp(-740), ReproducibleMath.Exp(-740), 1e-3, "exp into the subnormal range");
    }

    [Fact]
    public void SpecialValues_FollowIeee()
    {
        Assert.Equal(double.PositiveInfinity, ReproducibleMath.Exp(1000));
        Assert.Equal(0.0, ReproducibleMath.Exp(-1000));
        Assert.True(double.IsNaN(ReproducibleMath.Exp(double.NaN)));
        Assert.Equal(double.NegativeInfinity, ReproducibleMath.Log(0));
        Assert.True(double.IsNaN(ReproducibleMath.Log(-1)));
        Assert.Equal(1.0, ReproducibleMath.Tanh(50));
        Assert.Equal(-1.0, ReproducibleMath.Tanh(-50));
        Assert.Equal(8.0, ReproducibleMath.Pow(2, 3), 12);
        Assert.Equal(-8.0, ReproducibleMath.Pow(-2, 3), 12);
        Assert.True(double.IsNaN(ReproducibleMath.Pow(-2, 0.5)));
        Assert.Equal(1.0, ReproducibleMath.Pow(double.NaN, 0));
    }

    [Fact]
    public void FloatResults_AreWithinOneUlpOfThePlatform()
    {
        foreach (double x in Sweep())
        {
            float f = (float)x;
            float mine = (float)ReproducibleMath.Exp(f), platform = MathF.Exp(f);
            if (float.IsInfinity(platform) || platform == 0) continue;
            Assert.True(Math.Abs(BitConverter.SingleToInt32Bits(mine) - BitConverter.SingleToInt32Bits(platform)) <= 1, $"expf({f}): {mine:R} vs {platform:R}");
        }
    }

    [Fact]
    public void VectorExp_GivesTheScalarExpsBits_InAndOutOfTheVectorRange()
    {
        var inputs = new List<double> { 0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, -708, 709, -708.0000001, 709.0000001, -745.2, 710, 1e-300 };
        for (int m = -1100; m <= 1100; m++) inputs.Add((m + 0.5) * Math.Log(2)); // the range reduction's rounding points
        inputs.AddRange(TestModels.Values(100_000, 7, 30f).Select(v => (double)v));
        inputs.AddRange(TestModels.Values(100_000, 8, 800f).Select(v => (double)v));
        for (int offset = 0; offset < 8; offset++) // every alignment of the vector loops and the scalar tail
        {
            double[] x = inputs.Skip(offset).ToArray();
            var y = new double[x.Length];
            ReproducibleMath.Exp(x, y);
            for (int i = 0; i < x.Length; i++)
                Assert.True(BitConverter.DoubleToInt64Bits(ReproducibleMath.Exp(x[i])) == BitConverter.DoubleToInt64Bits(y[i]),
                    $"exp({x[i]:R}): vector {y[i]:R}, scalar {ReproducibleMath.Exp(x[i]):R}");
        }
    }
}
